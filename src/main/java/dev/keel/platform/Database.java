package dev.keel.platform;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which database Keel runs on, asked once at start-up: the one place that tells
 * PostgreSQL (production) from H2 (the embedded default), for the few statements that
 * differ.
 */
@Component
public final class Database {

	private final JdbcTemplate jdbc;

	private final boolean postgres;

	Database(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.postgres = "PostgreSQL"
			.equals(jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName()));
	}

	public boolean isPostgres() {
		return this.postgres;
	}

	/**
	 * What tells this database from a copy of it: on PostgreSQL its name and oid, and the
	 * server's system identifier where the user may read it; on H2 its file (or in-memory
	 * name).
	 */
	String fingerprint() {
		if (!this.postgres) {
			return this.jdbc.queryForObject("SELECT COALESCE(DATABASE_PATH(), DATABASE())", String.class);
		}
		String database = this.jdbc.queryForObject(
				"SELECT current_database() || '/' || oid FROM pg_database WHERE datname = current_database()",
				String.class);
		try {
			return database + "/"
					+ this.jdbc.queryForObject("SELECT system_identifier FROM pg_control_system()", String.class);
		}
		catch (DataAccessException ex) {
			// Only superusers and pg_monitor may read it by default.
			return database;
		}
	}

}
