package dev.keel.platform;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What one module's {@link SampleCopier} works with: the source (this deployment, read in
 * one snapshot, rows streamed rather than loaded whole), the target (written in one
 * transaction), the fraction to keep and a random source of its own (seeded from the
 * command's seed and the module's name, so a seed repeats the same sample whatever order
 * the modules run in).
 */
public final class Sample {

	/** Rows per JDBC batch on the target, and per fetch from the source. */
	static final int BATCH = 5_000;

	private final String module;

	private final JdbcClient source;

	private final JdbcTemplate target;

	private final boolean targetPostgres;

	private final double fraction;

	private final Random random;

	private final Consumer<String> progress;

	private final List<String> identities = new ArrayList<>();

	Sample(String module, JdbcClient source, JdbcTemplate target, boolean targetPostgres, double fraction, long seed,
			Consumer<String> progress) {
		this.module = module;
		this.source = source;
		this.target = target;
		this.targetPostgres = targetPostgres;
		this.fraction = fraction;
		this.random = new Random(seed ^ module.hashCode());
		this.progress = progress;
	}

	/** This deployment's database; queries stream their rows. Read only from it. */
	public JdbcClient source() {
		return this.source;
	}

	/** The target database, in the copy's transaction. */
	public JdbcTemplate target() {
		return this.target;
	}

	/** Whether the target is PostgreSQL (else H2): its schema has the vendor's extras. */
	public boolean targetIsPostgres() {
		return this.targetPostgres;
	}

	/** The fraction to keep, in (0, 1]. */
	public double fraction() {
		return this.fraction;
	}

	/** The module's random source, for choices beyond {@link #choose}. */
	public Random random() {
		return this.random;
	}

	/**
	 * Which of {@code population} things (numbered from 0 in an order the module fixes)
	 * to keep: the fraction of them, rounded, and at least one when there are any.
	 */
	public BitSet choose(int population) {
		BitSet chosen = new BitSet(population);
		if (population == 0) {
			return chosen;
		}
		int keep = (int) Math.min(population, Math.max(1, Math.round(this.fraction * population)));
		if (keep == population) {
			chosen.set(0, population);
			return chosen;
		}
		// Floyd's algorithm: k uniform draws, each distinct, in O(k).
		for (int j = population - keep; j < population; j++) {
			int pick = this.random.nextInt(j + 1);
			chosen.set(chosen.get(pick) ? j : pick);
		}
		return chosen;
	}

	/**
	 * A writer of rows into the target: {@code sql} is an INSERT (or UPDATE) with one
	 * {@code ?} per value, sent in JDBC batches; close it to send the rest.
	 */
	public Rows into(String sql) {
		return new Rows(this.target, sql);
	}

	/**
	 * Asks that, once the copy is committed, the identity column {@code id} of
	 * {@code table} continue after the largest id copied into it, so that a row created
	 * on the target gets a new id.
	 */
	public void continueIds(String table) {
		this.identities.add(table);
	}

	List<String> identities() {
		return this.identities;
	}

	/** Prints one progress line, headed by the module's name. */
	public void progress(String line) {
		this.progress.accept(this.module + ": " + line);
	}

	/** Rows going to the target in batches of {@value #BATCH}. */
	public static final class Rows implements AutoCloseable {

		private final JdbcTemplate target;

		private final String sql;

		private final List<@Nullable Object[]> batch = new ArrayList<>(BATCH);

		private long written;

		Rows(JdbcTemplate target, String sql) {
			this.target = target;
			this.sql = sql;
		}

		/** One row: a value (or null) for each {@code ?}, in order. */
		public void add(@Nullable Object... values) {
			this.batch.add(values);
			if (this.batch.size() == BATCH) {
				flush();
			}
		}

		/** Rows added so far. */
		public long written() {
			return this.written + this.batch.size();
		}

		private void flush() {
			if (!this.batch.isEmpty()) {
				this.target.batchUpdate(this.sql, this.batch);
				this.written += this.batch.size();
				this.batch.clear();
			}
		}

		@Override
		public void close() {
			flush();
		}

	}

}
