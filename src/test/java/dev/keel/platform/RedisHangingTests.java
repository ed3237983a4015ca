package dev.keel.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.keel.KeelApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis that hangs (as under SIGSTOP: connections open, no answer) costs the first
 * reads its timeout (half of the last ten calls failing opens the circuit, so at most
 * five); then the circuit opens and reads go to the database without waiting, until a
 * background probe finds Redis answering again.
 */
@RequiresServices(postgres = false, rabbitmq = false)
class RedisHangingTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	@Test
	void readsStopWaitingForAHangingRedisAndUseItAgainOnceItAnswers() {
		String database = "hanging" + UUID.randomUUID().toString().replace("-", "");
		try (TcpForwarder redis = TcpForwarder.toRedis();
				ConfigurableApplicationContext application = new SpringApplicationBuilder(KeelApplication.class).run(
						"--server.port=0",
						"--spring.datasource.url=jdbc:h2:mem:" + database + ";NON_KEYWORDS=DAY;DB_CLOSE_DELAY=-1",
						"--keel.cache.type=redis", "--spring.data.redis.url=" + redis.redisUrl(),
						"--spring.data.redis.timeout=" + TIMEOUT.toMillis() + "ms",
						"--keel.cache.redis-probe-interval=200ms")) {
			Http http = new Http(Integer.parseInt(application.getEnvironment().getProperty("local.server.port")));
			String author = http.postJson("/authors", "{\"name\": \"Cached\"}").location();
			http.get(author);
			double hits = hits(http);
			assertThat(http.get(author).json().get("name").asString()).isEqualTo("Cached");
			assertThat(hits(http)).isEqualTo(hits + 1);

			redis.freeze();
			List<Duration> took = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				long started = System.nanoTime();
				Http.Reply read = http.get(author);
				took.add(Duration.ofNanos(System.nanoTime() - started));
				assertThat(read.status()).isEqualTo(200);
				assertThat(read.json().get("name").asString()).isEqualTo("Cached");
			}
			assertThat(took.stream().filter(duration -> duration.compareTo(TIMEOUT) >= 0))
				.as("reads that waited for Redis, of %s", took)
				.hasSizeBetween(1, 5);
			assertThat(took.subList(10, 20)).allMatch(duration -> duration.compareTo(TIMEOUT.dividedBy(2)) < 0);
			assertThat(http.metric("keel_cache_gets_total{cache=\"library\",result=\"bypass\""))
				.isGreaterThanOrEqualTo(10);

			redis.thaw();
			double before = hits(http);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(http.get(author).status()).isEqualTo(200));
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				http.get(author);
				assertThat(hits(http)).isGreaterThan(before);
			});
		}
	}

	private static double hits(Http http) {
		return http.metric("keel_cache_gets_total{cache=\"library\",result=\"hit\"");
	}

}
