package dev.keel.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Asks the database every second whether it answers, in the background, over a connection
 * of its own: one from the pool would call a busy pool (every connection in use, say
 * behind a lock) a database that is down. Health reports the last answer at once (a
 * health check that waited for an unreachable database would hang with it), and while the
 * database does not answer, requests that need a connection are refused one at once
 * ({@link FailFastDataSource}) and answered 503.
 */
@Component("dbHealthIndicator")
final class DatabaseProbe extends Periodically implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

	private record Answer(boolean up, Instant at, @Nullable String error) {

	}

	private final DataSource dataSource;

	private volatile Answer last = new Answer(true, Instant.now(), null);

	private @Nullable Connection connection;

	DatabaseProbe(DataSource dataSource) {
		super("database-probe", Duration.ofSeconds(1));
		this.dataSource = dataSource;
	}

	@Override
	public Health health() {
		Answer answer = this.last;
		Health.Builder health = answer.up() ? Health.up() : Health.down();
		health.withDetail("checked_at", answer.at().toString());
		if (answer.error() != null) {
			health.withDetail("error", answer.error());
		}
		return health.build();
	}

	@Override
	void runOnce() {
		Answer answer;
		try {
			answer = probeConnection().isValid(1) ? new Answer(true, Instant.now(), null)
					: new Answer(false, Instant.now(), "the database did not answer within 1 s");
		}
		catch (SQLException | RuntimeException ex) {
			answer = new Answer(false, Instant.now(), "the database cannot be reached");
			if (this.last.up()) {
				log.warn("Database unreachable; requests that need it are answered 503: {}", ex.toString());
			}
		}
		if (!answer.up()) {
			closeConnection();
		}
		if (this.dataSource instanceof FailFastDataSource failFast) {
			failFast.unreachable(!answer.up());
		}
		if (answer.up() && !this.last.up()) {
			log.warn("Database answers again");
		}
		this.last = answer;
	}

	private Connection probeConnection() throws SQLException {
		if (this.connection == null || this.connection.isClosed()) {
			this.connection = open();
		}
		return this.connection;
	}

	// The pool's own settings, on a connection outside it; without a Hikari pool to read
	// them from, a pooled connection.
	private Connection open() throws SQLException {
		HikariDataSource pool = this.dataSource.isWrapperFor(HikariDataSource.class)
				? this.dataSource.unwrap(HikariDataSource.class) : null;
		if (pool == null) {
			return (this.dataSource instanceof FailFastDataSource failFast) ? failFast.probeConnection()
					: this.dataSource.getConnection();
		}
		Properties properties = new Properties();
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		if (pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
			// Seconds: a database that does not answer must not hold the probe long.
			properties.setProperty("connectTimeout", "2");
			properties.setProperty("socketTimeout", "3");
		}
		return DriverManager.getConnection(pool.getJdbcUrl(), properties);
	}

	private void closeConnection() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// it is being replaced
			}
			this.connection = null;
		}
	}

	@Override
	public void stop() {
		super.stop();
		closeConnection();
	}

}
