package dev.keel.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Asks the database every second whether it answers, in the background. Health reports
 * the last answer at once (a health check that waited for an unreachable database would
 * hang with it), and while the database does not answer, requests that need a connection
 * are refused one at once ({@link FailFastDataSource}) and answered 503.
 */
@Component("dbHealthIndicator")
final class DatabaseProbe extends Periodically implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

	private record Answer(boolean up, Instant at, @Nullable String error) {

	}

	private final DataSource dataSource;

	private volatile Answer last = new Answer(true, Instant.now(), null);

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
		try (Connection connection = (this.dataSource instanceof FailFastDataSource failFast)
				? failFast.probeConnection() : this.dataSource.getConnection()) {
			answer = connection.isValid(1) ? new Answer(true, Instant.now(), null)
					: new Answer(false, Instant.now(), "the database did not answer within 1 s");
		}
		catch (SQLException | RuntimeException ex) {
			answer = new Answer(false, Instant.now(), "the database cannot be reached");
			if (this.last.up()) {
				log.warn("Database unreachable; requests that need it are answered 503: {}", ex.toString());
			}
		}
		if (this.dataSource instanceof FailFastDataSource failFast) {
			failFast.unreachable(!answer.up());
		}
		if (answer.up() && !this.last.up()) {
			log.warn("Database answers again");
		}
		this.last = answer;
	}

	@Override
	Duration firstDelay() {
		return Duration.ZERO;
	}

}
