package dev.keel;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.keel.platform.OnEmbeddedStorage;
import dev.keel.platform.RequiresServices;

/**
 * From the embedded H2 into PostgreSQL: a database beside the test database, named after
 * it with {@code _to}, created when missing and emptied before each test.
 */
@OnEmbeddedStorage
@RequiresServices(redis = false, rabbitmq = false)
class CopySampleFromEmbeddedStorageTests extends CopySampleContract {

	private static final String SERVER_DB = env("KEEL_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	private static final String USER = env("KEEL_TEST_DB_USER", "postgres");

	@Override
	String targetUrl() {
		int query = SERVER_DB.indexOf('?');
		return (query < 0) ? SERVER_DB + "_to" : SERVER_DB.substring(0, query) + "_to" + SERVER_DB.substring(query);
	}

	@Override
	void emptyTarget() throws Exception {
		String url = targetUrl();
		String name = url.substring(url.lastIndexOf('/') + 1).split("\\?")[0];
		try (Connection server = DriverManager.getConnection(SERVER_DB, USER, "");
				Statement statement = server.createStatement()) {
			ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
			if (!exists.next()) {
				statement.execute("CREATE DATABASE \"" + name + "\"");
			}
		}
		try (Connection target = DriverManager.getConnection(url, USER, "");
				Statement statement = target.createStatement()) {
			statement.execute("DROP SCHEMA public CASCADE");
			statement.execute("CREATE SCHEMA public");
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
