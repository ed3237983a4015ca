package dev.keel.stats;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.keel.platform.OnPostgresAndRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@OnPostgresAndRedis
class StatsOnPostgresAndRedisTests extends StatsContract {

	@Autowired
	StringRedisTemplate redis;

	// No report is asked for, so only the flusher (every keel.stats.flush-interval, 100
	// ms
	// in production) can have stored the counts; scores are the negated counts.
	@Test
	void countsReachRedisWithinTheFlushInterval() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.client.get("/api/flushed").status()).isEqualTo(200);
		}
		assertThat(this.client.get("/api/flushed/").status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			assertThat(this.redis.opsForZSet().score("keel:{stats}:counts", "/api/flushed")).isEqualTo(-3.0);
			assertThat(this.redis.opsForZSet().score("keel:{stats}:counts", "/api/flushed/")).isEqualTo(-1.0);
		});
		assertThat(this.redis.opsForValue().get("keel:{stats}:total")).isEqualTo("4");
		assertThat(this.redis.opsForZSet().size("keel:{stats}:counts")).isEqualTo(2);
	}

}
