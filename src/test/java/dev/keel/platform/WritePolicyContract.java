package dev.keel.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.KeelApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write policy ({@link Writes}) seen from outside: two instances of one deployment
 * share a database and, through a forwarder the test cuts, one Redis. A write committed
 * while Redis is away is answered as stored, and neither instance serves an answer the
 * write made stale: not while Redis is away, not once it is back, and not after.
 */
abstract class WritePolicyContract {

	/** The arguments that put an instance on the shared database. */
	abstract List<String> database();

	@Test
	void aWriteWhileRedisIsAwayIsAnsweredAsStoredAndNeverServedStale() {
		String word = "policy" + UUID.randomUUID().toString().replace("-", "");
		// Each instance reaches Redis through a forwarder of its own, so that Redis can
		// come back for the reader while the writer still cannot evict. The reader
		// retries
		// owed evictions only when the test says so.
		try (TcpForwarder writersRedis = TcpForwarder.toRedis();
				TcpForwarder readersRedis = TcpForwarder.toRedis();
				ConfigurableApplicationContext writing = start(writersRedis, "200ms");
				ConfigurableApplicationContext reading = start(readersRedis, "1h")) {
			Http writer = http(writing);
			Http reader = http(reading);
			Http.Reply created = writer.postJson("/authors", "{\"name\": \"Before\"}");
			assertThat(created.status()).isEqualTo(201);
			String author = created.location();
			assertThat(writer.postJson("/v1/bulk", item(word, 1)).status()).isEqualTo(200);
			for (int i = 0; i < 2; i++) {
				assertThat(reader.get(author).json().get("name").asString()).isEqualTo("Before");
				assertThat(reader.get("/v1/?contains=" + word).json().get("total").asInt()).isEqualTo(1);
			}

			writersRedis.cut();
			readersRedis.cut();
			Http.Reply renamed = writer.putJson(author, "{\"name\": \"During\"}");
			assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
			assertThat(renamed.json().get("version").asInt()).isEqualTo(2);
			Http.Reply ingested = writer.postJson("/v1/bulk", item(word, 2));
			assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
			assertThat(ingested.json().get("inserted").asInt()).isEqualTo(1);
			assertFresh(reader, author, word);
			assertFresh(writer, author, word);

			// Once the owed evictions are overdue and the reader has looked at them,
			// Redis
			// comes back for the reader, still holding the stale answers.
			JdbcClient jdbc = writing.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> jdbc
					.sql("SELECT COUNT(*) FROM cache_evictions WHERE recorded_at < CURRENT_TIMESTAMP"
							+ " - INTERVAL '1' SECOND")
					.query(Long.class)
					.single() >= 2);
			EvictionOutbox readersOutbox = reading.getBean(EvictionOutbox.class);
			readersOutbox.retry();
			readersRedis.open();
			long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
			while (System.nanoTime() < until) {
				assertFresh(reader, author, word);
			}

			// Redis comes back for the writer, whose outbox carries the evictions out.
			writersRedis.open();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
				assertFresh(reader, author, word);
				assertThat(jdbc.sql("SELECT COUNT(*) FROM cache_evictions").query(Long.class).single()).isZero();
			});

			// The reader learns they are done, and its cache serves again, fresh.
			readersOutbox.retry();
			double hits = hits(reader);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertFresh(reader, author, word);
				assertThat(hits(reader)).isGreaterThan(hits);
			});
		}
	}

	private static void assertFresh(Http client, String author, String word) {
		Http.Reply read = client.get(author);
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.json().get("name").asString()).isEqualTo("During");
		assertThat(client.get("/v1/?contains=" + word).json().get("total").asInt()).isEqualTo(2);
	}

	private ConfigurableApplicationContext start(TcpForwarder redis, String evictionRetryInterval) {
		List<String> args = new ArrayList<>(database());
		args.addAll(List.of("--server.port=0", "--keel.cache.type=redis", "--spring.data.redis.url=" + redis.redisUrl(),
				"--spring.data.redis.timeout=500ms", "--spring.data.redis.connect-timeout=500ms",
				"--keel.cache.eviction-retry-interval=" + evictionRetryInterval,
				"--keel.cache.redis-probe-interval=200ms"));
		return new SpringApplicationBuilder(KeelApplication.class).run(args.toArray(String[]::new));
	}

	private static Http http(ConfigurableApplicationContext application) {
		return new Http(Integer.parseInt(application.getEnvironment().getProperty("local.server.port")));
	}

	private static double hits(Http client) {
		return client.metric("keel_cache_gets_total{cache=\"library\",result=\"hit\"");
	}

	private static String item(String word, int n) {
		return "{\"items\": [{\"title\": \"" + word + " " + n + "\", \"uri\": \"https://example.com/" + word + "/" + n
				+ "\", \"date\": \"2020-01-0" + n + "\"}]}";
	}

}
