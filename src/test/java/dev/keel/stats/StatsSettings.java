package dev.keel.stats;

import java.time.Duration;

/** The stats settings of application.yaml, for tests that build the parts themselves. */
final class StatsSettings {

	private StatsSettings() {
	}

	static StatsProperties defaults() {
		return with(StatsProperties.Store.REDIS, Duration.ofMillis(100), 100_000);
	}

	static StatsProperties with(StatsProperties.Store store, Duration flushInterval, int maxPendingUrls) {
		return with(store, flushInterval, maxPendingUrls, Duration.ofSeconds(30));
	}

	/** With windows reused for {@code windowReuse}. */
	static StatsProperties reusingWindowsFor(Duration windowReuse) {
		return with(StatsProperties.Store.REDIS, Duration.ofMillis(100), 100_000, windowReuse);
	}

	private static StatsProperties with(StatsProperties.Store store, Duration flushInterval, int maxPendingUrls,
			Duration windowReuse) {
		var testRuns = new StatsProperties.TestRunSettings(32, 8, 1000, Duration.ofSeconds(10), null);
		return new StatsProperties(true, store, flushInterval, maxPendingUrls, testRuns, Duration.ofHours(48),
				Duration.ofDays(400), windowReuse, Duration.ofMinutes(10).plus(windowReuse), 16);
	}

}
