package dev.keel.platform;

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

	private final boolean postgres;

	Database(JdbcTemplate jdbc) {
		this.postgres = "PostgreSQL"
			.equals(jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName()));
	}

	public boolean isPostgres() {
		return this.postgres;
	}

}
