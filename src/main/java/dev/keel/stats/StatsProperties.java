package dev.keel.stats;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the stats module.
 *
 * @param counting whether requests are counted at all (off only to measure what counting
 * costs)
 * @param store where counts are kept: {@code database} (the embedded default) or
 * {@code redis} (shared by every instance)
 * @param flushInterval how often the counts gathered in-process are added to the store; a
 * crash loses at most this much
 * @param maxPendingUrls the most distinct paths held in-process while the store is
 * unreachable; requests to further paths are served but not counted
 * @param testRuns how load-test runs send their requests
 * @param hourlyRetention how long the counts of each UTC hour are kept after it ends
 * @param dailyRetention how long the counts of each UTC day are kept after it ends
 * @param windowReuse how long the ranking of a window that reaches into the last minute
 * is reused before it is computed again
 * @param pastWindowReuse the same for a window that ended more than a minute ago
 * @param maxWindows the most window rankings kept at once; the one expiring soonest makes
 * room
 */
@ConfigurationProperties("keel.stats")
record StatsProperties(boolean counting, Store store, Duration flushInterval, int maxPendingUrls,
		TestRunSettings testRuns, Duration hourlyRetention, Duration dailyRetention, Duration windowReuse,
		Duration pastWindowReuse, int maxWindows) {

	enum Store {

		DATABASE, REDIS

	}

	StatsProperties {
		if (store == null) {
			throw new IllegalArgumentException("keel.stats.store must be database or redis");
		}
		if (flushInterval == null || flushInterval.toMillis() < 1) {
			throw new IllegalArgumentException("keel.stats.flush-interval must be at least 1 ms");
		}
		if (maxPendingUrls < 1) {
			throw new IllegalArgumentException("keel.stats.max-pending-urls must be positive");
		}
		if (hourlyRetention == null || hourlyRetention.isNegative() || hourlyRetention.toSeconds() % 3600 != 0
				|| hourlyRetention.getNano() != 0) {
			throw new IllegalArgumentException("keel.stats.hourly-retention must be whole hours, 0 or more");
		}
		if (dailyRetention == null || dailyRetention.isNegative() || dailyRetention.toSeconds() % 86400 != 0
				|| dailyRetention.getNano() != 0) {
			throw new IllegalArgumentException("keel.stats.daily-retention must be whole days, 0 or more");
		}
		if (windowReuse == null || windowReuse.toMillis() < 1 || pastWindowReuse == null
				|| pastWindowReuse.compareTo(windowReuse) < 0) {
			throw new IllegalArgumentException(
					"keel.stats.window-reuse must be at least 1 ms, keel.stats.past-window-reuse at least as long");
		}
		if (maxWindows < 1) {
			throw new IllegalArgumentException("keel.stats.max-windows must be positive");
		}
	}

	/** How long the buckets of {@code step} are kept once they end. */
	Duration retention(Step step) {
		return (step == Step.DAY) ? this.dailyRetention : this.hourlyRetention;
	}

	/**
	 * Load-test runs.
	 *
	 * @param concurrency the most requests in flight over all runs together
	 * @param maxActive the most runs going at once; more are refused with 429
	 * @param maxKept the most runs remembered; the oldest finished ones are forgotten
	 * @param requestTimeout how long one request of a run may take before it counts as
	 * failed
	 * @param target where runs send their requests; by default this instance over
	 * loopback
	 */
	record TestRunSettings(int concurrency, int maxActive, int maxKept, Duration requestTimeout, @Nullable URI target) {

		TestRunSettings {
			if (target != null && target.toString().isEmpty()) {
				target = null;
			}
			if (target != null && (!target.isAbsolute() || target.getHost() == null
					|| !(target.getScheme().equals("http") || target.getScheme().equals("https")))) {
				throw new IllegalArgumentException(
						"keel.stats.test-runs.target must be an absolute http or https URL, not " + target);
			}
			if (concurrency < 1 || concurrency > 10_000 || maxActive < 1 || maxKept < maxActive) {
				throw new IllegalArgumentException("keel.stats.test-runs: concurrency and max-active must be "
						+ "positive (concurrency at most 10,000), max-kept at least max-active");
			}
			if (requestTimeout == null || requestTimeout.toMillis() < 1) {
				throw new IllegalArgumentException("keel.stats.test-runs.request-timeout must be positive");
			}
		}

	}

}
