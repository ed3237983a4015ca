package dev.keel.stats;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.keel.platform.RequiresServices;

import static dev.keel.stats.StatsReport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis store on the real Redis. Its keys are fixed, so each test starts from
 * {@code reset()}; the instances that send batches are given fresh names.
 */
@RequiresServices(postgres = false, rabbitmq = false)
class RedisCountStoreTests {

	static LettuceConnectionFactory connections;

	RedisCountStore store;

	@BeforeAll
	static void connect() {
		String url = System.getenv("KEEL_TEST_REDIS_URL");
		connections = new LettuceConnectionFactory(LettuceConnectionFactory
			.createRedisConfiguration((url != null && !url.isBlank()) ? url : "redis://127.0.0.1:6379"));
		connections.afterPropertiesSet();
		connections.start();
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@BeforeEach
	void startEmpty() {
		this.store = new RedisCountStore(connections, "keel-test:stats:", StatsSettings.defaults(), Clock.systemUTC());
		this.store.reset();
	}

	/** A batch of one anonymous client's requests in the hour now. */
	static CountStore.Batch batch(String source, long sequence, Map<String, Long> counts, long requests) {
		long hour = Instant.now().getEpochSecond() / 3600 * 3600;
		Map<Tally, Long> tallies = new HashMap<>();
		counts.forEach((url, count) -> tallies.put(new Tally(url, "anonymous", hour), count));
		return new CountStore.Batch(source, sequence, tallies, requests);
	}

	@Test
	void countsABatchSentTwiceOnce() {
		String source = UUID.randomUUID().toString();
		CountStore.Batch first = batch(source, 1, Map.of("/api/a", 2L, "/api/b", 1L), 3);
		this.store.add(first);
		this.store.add(first);
		StatsPage page = this.store.page(10, 0);
		assertThat(page.items()).containsExactly(count("/api/a", 2), count("/api/b", 1));
		assertThat(page.totalRequests()).isEqualTo(3);
		assertThat(page.distinctUrls()).isEqualTo(2);

		CountStore.Batch second = batch(source, 2, Map.of("/api/b", 2L, "/api/c", 1L), 3);
		this.store.add(second);
		this.store.add(first);
		this.store.add(second);
		// Another instance numbers its batches on its own.
		this.store.add(batch(UUID.randomUUID().toString(), 1, Map.of("/api/c", 1L), 1));
		page = this.store.page(10, 0);
		assertThat(page.items()).containsExactly(count("/api/b", 3), count("/api/a", 2), count("/api/c", 2));
		assertThat(page.totalRequests()).isEqualTo(7);
		assertThat(page.distinctUrls()).isEqualTo(3);
	}

	@Test
	void ranksByCountThenByPathAndPages() {
		this.store.add(batch(UUID.randomUUID().toString(), 1, Map.of("/api/c", 5L, "/api/b", 3L, "/api/a", 3L, "/api/Z",
				3L, "/api/d", 1L, "/api/big", 123_456_789_012L), 123_456_789_027L));
		StatsPage page = this.store.page(10, 0);
		assertThat(page.items()).containsExactly(count("/api/big", 123_456_789_012L), count("/api/c", 5),
				count("/api/Z", 3), count("/api/a", 3), count("/api/b", 3), count("/api/d", 1));
		assertThat(page.totalRequests()).isEqualTo(123_456_789_027L);
		assertThat(page.distinctUrls()).isEqualTo(6);
		assertThat(page.limit()).isEqualTo(10);
		assertThat(page.offset()).isZero();
		assertThat(this.store.page(2, 2).items()).containsExactly(count("/api/Z", 3), count("/api/a", 3));
		assertThat(this.store.page(2, 5).items()).containsExactly(count("/api/d", 1));
		assertThat(this.store.page(2, 6).items()).isEmpty();
		assertThat(this.store.page(10_000, Integer.MAX_VALUE).items()).isEmpty();
	}

	// More paths than one step copies: the ranking is built in steps while batches keep
	// coming for the bucket it reads, which are held aside and merged as it is published.
	@Test
	void buildsALargeWindowInStepsAndLosesNothingThatArrivesMeanwhile() throws Exception {
		RedisCountStore store = new RedisCountStore(connections, "keel-test:stats:",
				StatsSettings.reusingWindowsFor(Duration.ofMillis(1)), Clock.systemUTC());
		int paths = 2 * RedisCountStore.CHUNK + 5_000;
		Map<String, Long> first = new HashMap<>();
		for (int i = 0; i < paths; i++) {
			first.put("/api/p/" + i, 1L + i % 7);
		}
		store.add(batch(UUID.randomUUID().toString(), 1, first, first.values().stream().mapToLong(c -> c).sum()));
		Instant hour = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 3600 * 3600);
		Window window = new Window(hour, hour.plus(Duration.ofHours(1)), Step.HOUR);

		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong sent = new AtomicLong();
		Thread writer = Thread.ofPlatform().start(() -> {
			String source = UUID.randomUUID().toString();
			for (long sequence = 1; !stop.get(); sequence++) {
				Map<String, Long> counts = new HashMap<>();
				for (int i = 0; i < 50; i++) {
					counts.put("/api/p/" + ThreadLocalRandom.current().nextInt(paths + 1_000), 1L);
				}
				store.add(batch(source, sequence, counts, counts.size()));
				sent.addAndGet(counts.size());
			}
		});
		try {
			for (int round = 0; round < 3; round++) {
				Thread.sleep(5);
				// A ranking built anew each time (reused for 1 ms), read whole: its
				// counts
				// must add up to its total, which Redis keeps apart.
				StatsPage whole = store.page(window, 100_000, 0);
				assertThat(whole.items()).hasSize((int) whole.distinctUrls());
				assertThat(whole.items().stream().mapToLong(StatsPage.UrlCount::count).sum())
					.isEqualTo(whole.totalRequests());
				assertThat(whole.distinctUrls()).isGreaterThanOrEqualTo(paths);
			}
		}
		finally {
			stop.set(true);
			writer.join();
		}
		assertThat(sent.get()).as("counts sent during the builds").isPositive();
		Thread.sleep(5);
		// Once nothing comes: the window's ranking is the bucket's, and the all-time one.
		StatsPage all = store.page(Integer.MAX_VALUE / 2, 0);
		StatsPage windowed = store.page(window, Integer.MAX_VALUE / 2, 0);
		assertThat(windowed.totalRequests()).isEqualTo(all.totalRequests());
		assertThat(windowed.items()).isEqualTo(all.items());
		assertThat(windowed.distinctUrls()).isEqualTo(all.distinctUrls());
	}

	// Once its reuse is over, a large ranking answers stale for as long again while the
	// next one is built behind it; only the first request of a window waits for a build.
	@Test
	void aStaleRankingAnswersWhileItsSuccessorIsBuilt() throws Exception {
		RedisCountStore store = new RedisCountStore(connections, "keel-test:stats:",
				StatsSettings.reusingWindowsFor(Duration.ofSeconds(1)), Clock.systemUTC());
		Map<String, Long> many = new HashMap<>();
		for (int i = 0; i < RedisCountStore.CHUNK + 10; i++) {
			many.put("/api/p/" + i, 1L);
		}
		String source = UUID.randomUUID().toString();
		store.add(batch(source, 1, many, many.size()));
		Instant hour = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 3600 * 3600);
		Window window = new Window(hour, hour.plus(Duration.ofHours(1)), Step.HOUR);
		assertThat(store.page(window, 1, 0).totalRequests()).isEqualTo(many.size());

		store.add(batch(source, 2, Map.of("/api/late", 5L), 5));
		assertThat(store.page(window, 1, 0).totalRequests()).as("reused").isEqualTo(many.size());
		Thread.sleep(1_100);
		assertThat(store.page(window, 1, 0).totalRequests()).as("stale, while the next is built")
			.isEqualTo(many.size());
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> store.page(window, 1, 0).totalRequests() == many.size() + 5);
		assertThat(store.page(window, 1, 0).items()).containsExactly(count("/api/late", 5));
	}

	@Test
	void aResetForgetsEveryCount() {
		this.store.add(batch(UUID.randomUUID().toString(), 1, Map.of("/api/a", 2L), 2));
		this.store.reset();
		StatsPage page = this.store.page(10, 0);
		assertThat(page.items()).isEmpty();
		assertThat(page.totalRequests()).isZero();
		assertThat(page.distinctUrls()).isZero();
	}

}
