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
 */
@ConfigurationProperties("keel.stats")
record StatsProperties(boolean counting, Store store, Duration flushInterval, int maxPendingUrls,
		TestRunSettings testRuns) {

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
