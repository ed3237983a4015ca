package dev.keel.rates;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLExceptionTranslator;

import dev.keel.platform.Database;

/**
 * Where rows of prices go in bulk, within the caller's transaction: COPY on PostgreSQL,
 * JDBC batches elsewhere. The importer writes {@code prices}, a batch upload
 * {@code rate_batch_prices}.
 */
interface PriceSink extends AutoCloseable {

	/** The table and columns imported prices go to. */
	Target PRICES = new Target("prices", List.of("orig_code", "dest_code", "day", "price"));

	/**
	 * A table and the columns each row gives values for, in order.
	 *
	 * @param table the table's name, from code
	 * @param columns its columns, from code
	 */
	record Target(String table, List<String> columns) {

		String insert() {
			return "INSERT INTO " + this.table + " (" + String.join(", ", this.columns) + ") VALUES ("
					+ String.join(", ", Collections.nCopies(this.columns.size(), "?")) + ")";
		}

		String copy() {
			return "COPY " + this.table + " (" + String.join(", ", this.columns) + ") FROM STDIN";
		}

	}

	/** One row: values of the target's columns, in order, none null. */
	void add(Object... values);

	/** Sends what is buffered, so that a statement can run after it. */
	void flush();

	long written();

	@Override
	default void close() {
		flush();
	}

	/**
	 * The sink for the transaction's connection: COPY on PostgreSQL, batches elsewhere.
	 */
	static PriceSink on(Connection connection, JdbcTemplate jdbc, Database database, Target target) {
		if (!database.isPostgres()) {
			return new Batches(jdbc, target);
		}
		try {
			return new Copy(connection.unwrap(PGConnection.class), jdbc.getExceptionTranslator(), target);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Prices in JDBC batches of 10,000 rows. */
	final class Batches implements PriceSink {

		private static final int BATCH = 10_000;

		private final JdbcTemplate jdbc;

		private final String insert;

		private final List<Object[]> rows = new ArrayList<>(BATCH);

		private long written;

		Batches(JdbcTemplate jdbc, Target target) {
			this.jdbc = jdbc;
			this.insert = target.insert();
		}

		@Override
		public void add(Object... values) {
			this.rows.add(values);
			if (this.rows.size() == BATCH) {
				flush();
			}
		}

		@Override
		public void flush() {
			if (!this.rows.isEmpty()) {
				this.jdbc.batchUpdate(this.insert, this.rows);
				this.written += this.rows.size();
				this.rows.clear();
			}
		}

		@Override
		public long written() {
			return this.written;
		}

	}

	/** Prices through PostgreSQL's COPY, in chunks of 64 KB of text format. */
	final class Copy implements PriceSink {

		private final PGConnection connection;

		private final Target target;

		private final StringBuilder buffer = new StringBuilder(1 << 17);

		private @Nullable CopyIn copy;

		private long written;

		// COPY's failures become Spring's exceptions like any statement's, so that a lock
		// or a lost connection is retried or reported as what it is.
		private final SQLExceptionTranslator translator;

		Copy(PGConnection connection, SQLExceptionTranslator translator, Target target) {
			this.connection = connection;
			this.translator = translator;
			this.target = target;
		}

		@Override
		public void add(Object... values) {
			for (int i = 0; i < values.length; i++) {
				if (i > 0) {
					this.buffer.append('\t');
				}
				Object value = values[i];
				if (value instanceof String text) {
					this.buffer.append(escape(text));
				}
				else {
					// Numbers and dates: their text never needs escaping.
					this.buffer.append(value);
				}
			}
			this.buffer.append('\n');
			this.written++;
			if (this.buffer.length() >= 1 << 16) {
				send();
			}
		}

		private void send() {
			try {
				if (this.copy == null) {
					this.copy = this.connection.getCopyAPI().copyIn(this.target.copy());
				}
				byte[] bytes = this.buffer.toString().getBytes(StandardCharsets.UTF_8);
				this.copy.writeToCopy(bytes, 0, bytes.length);
				this.buffer.setLength(0);
			}
			catch (SQLException ex) {
				throw translated(ex);
			}
		}

		@Override
		public void flush() {
			if (!this.buffer.isEmpty()) {
				send();
			}
			if (this.copy != null) {
				try {
					this.copy.endCopy();
				}
				catch (SQLException ex) {
					throw translated(ex);
				}
				this.copy = null;
			}
		}

		@Override
		public long written() {
			return this.written;
		}

		private static String escape(String value) {
			return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
		}

		private RuntimeException translated(SQLException ex) {
			String task = "COPY into " + this.target.table();
			RuntimeException translated = this.translator.translate(task, null, ex);
			return (translated != null) ? translated : new IllegalStateException(task + " failed", ex);
		}

	}

}
