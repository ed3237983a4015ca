package dev.keel.stats;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.OnEmbeddedStorage;

import static org.assertj.core.api.Assertions.assertThat;

@OnEmbeddedStorage
class UsageOnEmbeddedStorageTests extends UsageContract {

	@Autowired
	JdbcClient jdbc;

	// The database deletes what Redis expires: a bucket once its end plus the retention
	// has passed, with the next batch (at most once a minute).
	@Test
	void expiredBucketsAreDeleted() {
		at(D0.plus(hours(10)), "/api/old");
		at(D0.plus(hours(12)), "/api/newer");
		this.client.report("?limit=1");
		assertThat(rows("hour")).isEqualTo(3);
		// 10:00 ended at 11:00 and is kept 48 hours; 12:00 still is.
		at(D0.plus(hours(59)).plusSeconds(1), "/api/now");
		this.client.report("?limit=1");
		assertThat(this.jdbc.sql("SELECT url FROM stats_url_buckets WHERE step = 'hour' ORDER BY bucket_start, url")
			.query(String.class)
			.list()).containsExactly("/api/newer", "/stats/", "/api/now", "/stats/");
		assertThat(rows("day")).isEqualTo(5);
	}

	private long rows(String step) {
		return this.jdbc.sql("SELECT COUNT(*) FROM stats_url_buckets WHERE step = :step")
			.param("step", step)
			.query(Long.class)
			.single();
	}

}
