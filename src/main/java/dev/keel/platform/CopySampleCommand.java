package dev.keel.platform;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.keel.platform.SampleTarget.UnusableTarget;

/**
 * {@code copy-sample --to URL [--fraction F] [--seed N] [--to-user U] [--to-password P]}:
 * copies a consistent sample of this deployment into an empty database, for development
 * and staging. The target gets Keel's schema by Flyway, then each module's part
 * ({@link SampleCopier}), read from one snapshot of this deployment's database and
 * written in one transaction, so a copy that fails leaves the target with its schema and
 * no rows, ready for another try. Exit code 0 when copied; 2 when the arguments are
 * wrong, the target cannot be opened or migrated, or holds rows already (it is left as it
 * was); 1 when the copy fails otherwise.
 */
@Component
class CopySampleCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String NAME = "copy-sample";

	static final String USAGE = "usage: " + NAME
			+ " --to JDBC_URL [--fraction F (0 < F <= 1, default 0.1)] [--seed N] [--to-user U] [--to-password P]";

	private final DataSource source;

	private final PlatformTransactionManager transactions;

	private final Database database;

	private final FlywayProperties flyway;

	private final List<SampleCopier> copiers;

	private int exitCode;

	CopySampleCommand(DataSource source, PlatformTransactionManager transactions, Database database,
			FlywayProperties flyway, List<SampleCopier> copiers) {
		this.source = source;
		this.transactions = transactions;
		this.database = database;
		this.flyway = flyway;
		// A fixed order, so the progress reads the same at every run.
		this.copiers = copiers.stream().sorted(Comparator.comparing(SampleCopier::module)).toList();
	}

	@Override
	public void run(ApplicationArguments args) {
		List<String> words = args.getNonOptionArgs();
		if (words.isEmpty() || !words.get(0).equals(NAME)) {
			return;
		}
		this.exitCode = 0;
		Options options;
		try {
			options = Options.parse(args.getSourceArgs());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(NAME + ": " + ex.getMessage());
			System.err.println(USAGE);
			this.exitCode = 2;
			return;
		}
		long started = System.nanoTime();
		try {
			SampleTarget target = SampleTarget.open(options.to(), options.user(), options.password());
			System.out.printf("%s: %s of this deployment (%s) into %s, seed %d%n", NAME, percent(options.fraction()),
					this.database.isPostgres() ? "PostgreSQL" : "H2", target, options.seed());
			refuseUnlessEmpty(target);
			MigrateResult migrated = target.migrate(this.flyway.getLocations());
			System.out.printf("target: schema at version %s (%d migrations applied now)%n",
					migrated.targetSchemaVersion, migrated.migrationsExecuted);
			copy(target, options);
			System.out.printf("Copied in %.1f s%n", (System.nanoTime() - started) / 1e9);
		}
		catch (UnusableTarget ex) {
			System.err.println(NAME + ": " + ex.getMessage());
			this.exitCode = 2;
		}
		catch (RuntimeException ex) {
			System.err.println(NAME + ": failed, nothing copied (the target keeps only Keel's schema): " + ex);
			this.exitCode = 1;
		}
	}

	private void refuseUnlessEmpty(SampleTarget target) {
		String table = target.occupied(this.copiers);
		if (table != null) {
			throw new UnusableTarget("the target " + target + " is not empty: table " + table
					+ " has rows; copy into an empty database (nothing was changed)");
		}
	}

	private void copy(SampleTarget target, Options options) {
		JdbcTemplate reading = new JdbcTemplate(this.source);
		// Without a fetch size PostgreSQL's driver reads a whole result into memory.
		reading.setFetchSize(Sample.BATCH);
		JdbcClient source = JdbcClient.create(reading);
		// One snapshot of the source, so the modules' parts agree with each other.
		TransactionTemplate snapshot = new TransactionTemplate(this.transactions);
		snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		snapshot.setReadOnly(true);
		TransactionTemplate writing = new TransactionTemplate(new DataSourceTransactionManager(target.dataSource()));
		JdbcTemplate written = new JdbcTemplate(target.dataSource());
		List<Sample> samples = new ArrayList<>();
		snapshot.executeWithoutResult(read -> writing.executeWithoutResult(write -> {
			for (SampleCopier copier : this.copiers) {
				Sample sample = new Sample(copier.module(), source, written, target.isPostgres(), options.fraction(),
						options.seed(), System.out::println);
				copier.copy(sample);
				samples.add(sample);
			}
		}));
		for (Sample sample : samples) {
			sample.identities().forEach(target::continueIds);
		}
		String unanalyzed = target.analyze();
		if (unanalyzed != null) {
			System.out.println("target: statistics not refreshed (" + unanalyzed + "); the database will in time");
		}
	}

	private static String percent(double fraction) {
		return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

	/** The command's options, as {@link CommandOptions} reads them. */
	record Options(String to, @Nullable String user, @Nullable String password, double fraction, long seed) {

		private static final Set<String> NAMES = Set.of("to", "to-user", "to-password", "fraction", "seed");

		static Options parse(String... args) {
			CommandOptions options = CommandOptions.parse(args, NAMES);
			if (!options.words().equals(List.of(NAME))) {
				throw new IllegalArgumentException("unexpected argument '"
						+ options.words().stream().filter(word -> !word.equals(NAME)).findFirst().orElse(NAME) + "'");
			}
			String to = options.value("to");
			if (to == null || to.isBlank()) {
				throw new IllegalArgumentException("--to is required: the JDBC URL of an empty database");
			}
			String fraction = options.value("fraction");
			String seed = options.value("seed");
			return new Options(to, options.value("to-user"), options.value("to-password"),
					(fraction != null) ? fraction(fraction) : 0.1,
					(seed != null) ? seed(seed) : ThreadLocalRandom.current().nextLong(1_000_000_000L));
		}

		private static double fraction(String value) {
			try {
				double fraction = Double.parseDouble(value);
				if (fraction > 0 && fraction <= 1) {
					return fraction;
				}
			}
			catch (NumberFormatException ex) {
				// answered below
			}
			throw new IllegalArgumentException("--fraction '" + value + "' is not a number above 0 and at most 1");
		}

		private static long seed(String value) {
			try {
				return Long.parseLong(value);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("--seed '" + value + "' is not a whole number");
			}
		}

	}

}
