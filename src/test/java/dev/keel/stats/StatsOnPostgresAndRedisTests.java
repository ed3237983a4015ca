package dev.keel.stats;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.keel.platform.Deployment;
import dev.keel.platform.OnPostgresAndRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@OnPostgresAndRedis
class StatsOnPostgresAndRedisTests extends StatsContract {

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	Deployment deployment;

	// No report is asked for, so only the flusher (every keel.stats.flush-interval, 100
	// ms in production) can have stored the counts; scores are the negated counts. The
	// keys are the deployment's own.
	@Test
	void countsReachRedisWithinTheFlushInterval() {
		String counts = "{" + this.deployment.keys("stats") + "}counts";
		for (int i = 0; i < 3; i++) {
			assertThat(this.client.get("/api/flushed").status()).isEqualTo(200);
		}
		assertThat(this.client.get("/api/flushed/").status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			assertThat(this.redis.opsForZSet().score(counts, "/api/flushed")).isEqualTo(-3.0);
			assertThat(this.redis.opsForZSet().score(counts, "/api/flushed/")).isEqualTo(-1.0);
		});
		assertThat(this.redis.opsForValue().get("{" + this.deployment.keys("stats") + "}total")).isEqualTo("4");
		assertThat(this.redis.opsForZSet().size(counts)).isEqualTo(2);
	}

}
