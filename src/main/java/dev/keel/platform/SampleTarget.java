package dev.keel.platform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database {@code copy-sample} writes into: opened with a plain connection per use
 * (the copy itself holds one, in its transaction), checked empty, and given Keel's schema
 * by Flyway with the vendor scripts of its own kind, whatever the source's kind.
 */
final class SampleTarget {

	private final String url;

	private final DatabaseDriver driver;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private SampleTarget(String url, DatabaseDriver driver, DataSource dataSource) {
		this.url = url;
		this.driver = driver;
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Connects to {@code url}, an H2 or PostgreSQL JDBC URL. Without a user, the URL's
	 * own is used, else Keel's default for the kind ({@code sa} on H2, {@code postgres}
	 * on PostgreSQL). An H2 URL gets {@code NON_KEYWORDS=DAY} when it has none, as Keel's
	 * does: the rates schema has a column named {@code day}.
	 */
	static SampleTarget open(String url, @Nullable String user, @Nullable String password) {
		DatabaseDriver driver = DatabaseDriver.fromJdbcUrl(url);
		if (driver != DatabaseDriver.H2 && driver != DatabaseDriver.POSTGRESQL) {
			throw new UnusableTarget("--to must be a JDBC URL of H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...)");
		}
		String upper = url.toUpperCase(Locale.ROOT);
		String opened = url;
		if (driver == DatabaseDriver.H2 && !upper.contains(";NON_KEYWORDS=")) {
			opened = url + ";NON_KEYWORDS=DAY";
		}
		DriverManagerDataSource dataSource = new DriverManagerDataSource(opened);
		if (user != null) {
			dataSource.setUsername(user);
		}
		else if (driver == DatabaseDriver.H2 && !upper.contains(";USER=")) {
			dataSource.setUsername("sa");
		}
		else if (driver == DatabaseDriver.POSTGRESQL && !upper.contains("USER=")) {
			dataSource.setUsername("postgres");
		}
		if (password != null) {
			dataSource.setPassword(password);
		}
		else if (driver == DatabaseDriver.H2 && !upper.contains(";PASSWORD=")) {
			dataSource.setPassword("");
		}
		SampleTarget target = new SampleTarget(url, driver, dataSource);
		try (Connection connection = dataSource.getConnection()) {
			connection.isValid(5);
		}
		catch (SQLException ex) {
			throw new UnusableTarget("cannot open the target " + target + ": " + ex.getMessage());
		}
		return target;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	boolean isPostgres() {
		return this.driver == DatabaseDriver.POSTGRESQL;
	}

	/**
	 * The first of the modules' tables that holds a row on the target, or null when all
	 * are empty or missing (a new database).
	 */
	@Nullable String occupied(List<SampleCopier> copiers) {
		Set<String> existing = tables();
		for (SampleCopier copier : copiers) {
			for (String table : copier.tables()) {
				// The table's name comes from code, never from input.
				if (existing.contains(table.toLowerCase(Locale.ROOT))
						&& !this.jdbc.queryForList("SELECT 1 FROM " + table + " FETCH FIRST 1 ROWS ONLY").isEmpty()) {
					return table;
				}
			}
		}
		return null;
	}

	// Asked of the metadata rather than found by failing queries, which H2 would log
	// into a trace file beside the target's.
	private Set<String> tables() {
		Set<String> tables = new HashSet<>();
		this.jdbc.execute((ConnectionCallback<@Nullable Void>) connection -> {
			try (ResultSet rows = connection.getMetaData()
				.getTables(connection.getCatalog(), connection.getSchema(), "%", new String[] { "TABLE" })) {
				while (rows.next()) {
					tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
				}
			}
			return null;
		});
		return tables;
	}

	/**
	 * Brings the target's schema to this version of Keel, with the locations Keel's own
	 * database is migrated from ({@code {vendor}} standing for the target's kind).
	 */
	MigrateResult migrate(List<String> locations) {
		try {
			return Flyway.configure()
				.dataSource(this.dataSource)
				.locations(locations.stream()
					.map(location -> location.replace("{vendor}", this.driver.getId()))
					.toArray(String[]::new))
				.load()
				.migrate();
		}
		catch (FlywayException ex) {
			if (String.valueOf(ex.getMessage()).contains("non-empty schema")) {
				throw new UnusableTarget("the target " + this
						+ " is not empty: it holds tables, but no history of Keel's schema; copy into an empty database");
			}
			throw new UnusableTarget("cannot give the target " + this + " Keel's schema: " + firstLine(ex));
		}
	}

	/**
	 * Makes the identity column {@code id} of {@code table} continue after its largest
	 * value. Run it after the commit: on H2 it is DDL, which commits by itself.
	 */
	void continueIds(String table) {
		Long max = this.jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM " + table, Long.class);
		long next = ((max != null) ? max : 0) + 1;
		if (isPostgres()) {
			this.jdbc.queryForObject("SELECT setval(pg_get_serial_sequence(?, 'id'), ?, false)", Long.class, table,
					next);
		}
		else {
			// DDL takes no parameters; the number is one the database just gave.
			this.jdbc.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next);
		}
	}

	/**
	 * Fresh planner statistics for what was copied; a failure only leaves them to the
	 * database's own schedule.
	 */
	@Nullable String analyze() {
		try {
			this.jdbc.execute("ANALYZE");
			return null;
		}
		catch (DataAccessException ex) {
			return ex.getMostSpecificCause().getMessage();
		}
	}

	/** The URL without what may hold a password (its parameters). */
	@Override
	public String toString() {
		int end = this.url.length();
		for (char separator : new char[] { '?', ';' }) {
			int at = this.url.indexOf(separator);
			if (at >= 0) {
				end = Math.min(end, at);
			}
		}
		return this.url.substring(0, end);
	}

	private static String firstLine(Exception ex) {
		String message = String.valueOf(ex.getMessage()).strip();
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline).strip() : message;
	}

	/** The target cannot take the copy; the message says why. */
	static final class UnusableTarget extends RuntimeException {

		UnusableTarget(String message) {
			super(message);
		}

	}

}
