package dev.keel.rates;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLExceptionTranslator;

import dev.keel.platform.Database;

/**
 * Where the importer's price rows go, within its transaction: COPY on PostgreSQL, JDBC
 * batches elsewhere.
 */
interface PriceSink extends AutoCloseable {

	void add(String origin, String destination, LocalDate day, int price);

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
	static PriceSink on(Connection connection, JdbcTemplate jdbc, Database database) {
		if (!database.isPostgres()) {
			return new Batches(jdbc);
		}
		try {
			return new Copy(connection.unwrap(PGConnection.class), jdbc.getExceptionTranslator());
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Prices in JDBC batches of 10,000 rows. */
	final class Batches implements PriceSink {

		private static final int BATCH = 10_000;

		private final JdbcTemplate jdbc;

		private final List<Object[]> rows = new ArrayList<>(BATCH);

		private long written;

		Batches(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Override
		public void add(String origin, String destination, LocalDate day, int price) {
			this.rows.add(new Object[] { origin, destination, day, price });
			if (this.rows.size() == BATCH) {
				flush();
			}
		}

		@Override
		public void flush() {
			if (!this.rows.isEmpty()) {
				this.jdbc.batchUpdate("INSERT INTO prices (orig_code, dest_code, day, price) VALUES (?, ?, ?, ?)",
						this.rows);
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

		private final StringBuilder buffer = new StringBuilder(1 << 17);

		private @Nullable CopyIn copy;

		private long written;

		// COPY's failures become Spring's exceptions like any statement's, so that a lock
		// or a lost connection is retried or reported as what it is.
		private final SQLExceptionTranslator translator;

		Copy(PGConnection connection, SQLExceptionTranslator translator) {
			this.connection = connection;
			this.translator = translator;
		}

		@Override
		public void add(String origin, String destination, LocalDate day, int price) {
			this.buffer.append(escape(origin))
				.append('\t')
				.append(escape(destination))
				.append('\t')
				.append(day)
				.append('\t')
				.append(price)
				.append('\n');
			this.written++;
			if (this.buffer.length() >= 1 << 16) {
				send();
			}
		}

		private void send() {
			try {
				if (this.copy == null) {
					this.copy = this.connection.getCopyAPI()
						.copyIn("COPY prices (orig_code, dest_code, day, price) FROM STDIN");
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
			RuntimeException translated = this.translator.translate("COPY into prices", null, ex);
			return (translated != null) ? translated : new IllegalStateException("COPY into prices failed", ex);
		}

	}

}
