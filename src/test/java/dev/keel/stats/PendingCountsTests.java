package dev.keel.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PendingCountsTests {

	@Test
	void losesNoCountWhileDrainedConcurrently() throws Exception {
		int adders = 8;
		int addsEach = 50_000;
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			urls.add("/api/" + i);
		}
		PendingCounts<String> pending = new PendingCounts<>(1000);
		Map<String, Long> drained = new HashMap<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(adders);
		try {
			List<Future<?>> adding = new ArrayList<>();
			for (int t = 0; t < adders; t++) {
				int offset = t;
				adding.add(threads.submit(() -> {
					start.await();
					for (int i = 0; i < addsEach; i++) {
						assertThat(pending.add(urls.get((i + offset) % urls.size()))).isTrue();
					}
					return null;
				}));
			}
			start.countDown();
			int drains = 0;
			while (!adding.stream().allMatch(Future::isDone)) {
				drainInto(pending, drained);
				drains++;
			}
			for (Future<?> done : adding) {
				done.get();
			}
			drainInto(pending, drained);
			assertThat(drains).as("drains while adding").isPositive();
		}
		finally {
			threads.shutdown();
			assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(drained).hasSize(urls.size());
		assertThat(drained.values()).containsOnly((long) adders * addsEach / urls.size());
		assertThat(pending.drain(10)).isEmpty();
	}

	@Test
	void refusesNewPathsBeyondItsBoundButStillCountsKnownOnes() {
		PendingCounts<String> pending = new PendingCounts<>(2);
		assertThat(pending.add("/api/a")).isTrue();
		assertThat(pending.add("/api/b")).isTrue();
		assertThat(pending.add("/api/c")).isFalse();
		assertThat(pending.add("/api/a")).isTrue();
		assertThat(pending.add("/api/b")).isTrue();
		assertThat(pending.add("/api/a")).isTrue();
		assertThat(pending.drain(100)).containsExactly(Map.of("/api/a", 3L, "/api/b", 2L));
		// Taken out, the paths make room again.
		assertThat(pending.add("/api/c")).isTrue();
		assertThat(pending.drain(100)).containsExactly(Map.of("/api/c", 1L));
	}

	@Test
	void drainsInChunksOfAtMostTheSizeAsked() {
		PendingCounts<String> pending = new PendingCounts<>(100);
		for (int i = 0; i < 5; i++) {
			for (int j = 0; j <= i; j++) {
				pending.add("/api/" + i);
			}
		}
		List<Map<String, Long>> chunks = pending.drain(2);
		assertThat(chunks).extracting(Map::size).containsExactly(2, 2, 1);
		Map<String, Long> all = new HashMap<>();
		chunks.forEach(all::putAll);
		assertThat(all).containsExactlyInAnyOrderEntriesOf(
				Map.of("/api/0", 1L, "/api/1", 2L, "/api/2", 3L, "/api/3", 4L, "/api/4", 5L));
		assertThat(pending.drain(2)).isEmpty();
	}

	private static void drainInto(PendingCounts<String> pending, Map<String, Long> drained) {
		for (Map<String, Long> chunk : pending.drain(7)) {
			assertThat(chunk.size()).isBetween(1, 7);
			chunk.forEach((url, count) -> drained.merge(url, count, Long::sum));
		}
	}

}
