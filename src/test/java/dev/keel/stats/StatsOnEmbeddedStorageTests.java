package dev.keel.stats;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.OnEmbeddedStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@OnEmbeddedStorage
class StatsOnEmbeddedStorageTests extends StatsContract {

	@Autowired
	JdbcClient jdbc;

	// No report is asked for, so only the flusher (every keel.stats.flush-interval, 1 s
	// here) can have stored the counts: a crash loses at most one interval's requests.
	@Test
	void countsReachTheDatabaseWithinTheFlushInterval() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.client.get("/api/flushed").status()).isEqualTo(200);
		}
		assertThat(this.client.get("/api/flushed/").status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			assertThat(stored("/api/flushed")).isEqualTo(3);
			assertThat(stored("/api/flushed/")).isEqualTo(1);
		});
		assertThat(this.jdbc.sql("SELECT total_requests FROM stats_totals").query(Long.class).single()).isEqualTo(4);
		assertThat(this.jdbc.sql("SELECT distinct_urls FROM stats_totals").query(Long.class).single()).isEqualTo(2);
	}

	private long stored(String url) {
		return this.jdbc.sql("SELECT requests FROM stats_counts WHERE url = :url")
			.param("url", url)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

}
