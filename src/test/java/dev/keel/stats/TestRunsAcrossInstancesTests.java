package dev.keel.stats;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.keel.KeelApplication;
import dev.keel.platform.Deployment;
import dev.keel.platform.Http;
import dev.keel.platform.RequiresServices;
import dev.keel.platform.TcpForwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one deployment on the production profile, sharing PostgreSQL and a
 * Redis that the test can cut: a run started on one is seen on the other while it runs
 * and once finished, and the fleet has one max-active. Runs go to a stand-in server that
 * holds every request until the test lets it answer.
 */
@RequiresServices
class TestRunsAcrossInstancesTests {

	private static final String DB_URL = env("KEEL_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	private static final String DB_USER = env("KEEL_TEST_DB_USER", "postgres");

	static final TestRunsTests.HeldTarget target = new TestRunsTests.HeldTarget();

	@AfterAll
	static void stopTarget() {
		target.stop();
	}

	@Test
	void everyInstanceAnswersForEveryRunAndTheOwnerAlsoWhileRedisIsAway() {
		target.hold();
		try (TcpForwarder redis = TcpForwarder.toRedis();
				ConfigurableApplicationContext a = start(redis);
				ConfigurableApplicationContext b = start(redis)) {
			StatsClient one = StatsClient.of(a);
			StatsClient other = StatsClient.of(b);
			try {
				Http.Reply started = one.send("POST", "/test/5/");
				assertThat(started.status()).as(started.body()).isEqualTo(202);
				String location = started.location();
				await().atMost(Duration.ofSeconds(10)).until(() -> target.inFlight.get() == 3);

				// Running: B sees what A wrote, with the same id, size and segments.
				JsonNode onA = one.get(location).json();
				Http.Reply running = other.get(location);
				assertThat(running.status()).as(running.body()).isEqualTo(200);
				JsonNode onB = running.json();
				assertThat(onB.path("state").asString()).isEqualTo("running");
				for (String field : new String[] { "id", "requested", "completed", "failed", "state", "segments" }) {
					assertThat(onB.get(field)).as(field).isEqualTo(onA.get(field));
				}
				assertThat(onB.propertyNames()).containsExactlyElementsOf(onA.propertyNames());

				// max-active (1) holds for the fleet, not per instance.
				Http.Reply refused = other.send("POST", "/test/1/");
				assertThat(refused.status()).as(refused.body()).isEqualTo(429);

				Http.Reply unknown = other.get("/test/runs/" + UUID.randomUUID());
				assertThat(unknown.status()).isEqualTo(404);
				assertThat(other.get("/test/runs/unknown/").status()).isEqualTo(404);

				// Finished: B answers exactly what A does, within a publish interval.
				target.answerAll();
				JsonNode finished = awaitFinished(one, location);
				assertThat(finished.path("completed").asInt()).isEqualTo(5);
				await().atMost(Duration.ofSeconds(5))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> other.get(location).json(), finished::equals);
				assertThat(other.get(location + "/").json()).isEqualTo(finished);

				// Redis away: A still answers for its own run, B answers 503 and never
				// 500.
				redis.cut();
				assertThat(one.get(location).json()).isEqualTo(finished);
				Http.Reply unavailable = other.get(location);
				assertThat(unavailable.status()).as(unavailable.body()).isEqualTo(503);
				assertThat(unavailable.header("Retry-After")).isEqualTo("1");
				assertThat(unavailable.detail()).contains("unreachable");
				// A run started meanwhile runs on A and reaches Redis once it is back.
				Http.Reply meanwhile = one.send("POST", "/test/2/");
				assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(202);
				JsonNode meanwhileFinished = awaitFinished(one, meanwhile.location());
				assertThat(meanwhileFinished.path("completed").asInt()).isEqualTo(2);

				redis.open();
				await().atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> other.get(meanwhile.location()), reply -> reply.status() == 200);
				assertThat(other.get(meanwhile.location()).json()).isEqualTo(meanwhileFinished);
				assertThat(other.get(location).json()).isEqualTo(finished);
			}
			finally {
				removeKeys(a);
			}
		}
	}

	private static JsonNode awaitFinished(StatsClient client, String location) {
		return await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> client.get(location).json(), view -> "finished".equals(view.path("state").asString()));
	}

	private static void removeKeys(ConfigurableApplicationContext application) {
		StringRedisTemplate redis = application.getBean(StringRedisTemplate.class);
		String keys = "{" + application.getBean(Deployment.class).keys("test-runs") + "}";
		redis.delete(redis.keys(keys + "*"));
	}

	private static ConfigurableApplicationContext start(TcpForwarder redis) {
		return new SpringApplicationBuilder(KeelApplication.class).profiles("production")
			.run("--server.port=0", "--spring.datasource.url=" + DB_URL, "--spring.datasource.username=" + DB_USER,
					"--spring.data.redis.url=" + redis.redisUrl(), "--spring.data.redis.timeout=500ms",
					"--spring.data.redis.connect-timeout=500ms", "--keel.stats.test-runs.max-active=1",
					"--keel.stats.test-runs.concurrency=3", "--keel.stats.test-runs.target=" + target.url());
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
