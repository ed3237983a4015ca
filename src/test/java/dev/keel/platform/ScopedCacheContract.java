package dev.keel.platform;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ScopedCache} promises, run against each implementation. Subclasses
 * hand out a fresh, empty cache per call that sees no other test's entries.
 */
abstract class ScopedCacheContract {

	static final Duration TTL = Duration.ofMinutes(1);

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private ScopedCache cache;

	/**
	 * A new cache, empty and isolated from every other, keeping entries for {@code ttl}.
	 */
	abstract ScopedCache newCache(Duration ttl, CacheMetrics metrics);

	@BeforeEach
	void createCache() {
		this.cache = newCache(TTL, new CacheMetrics(this.meters, "test"));
	}

	@Test
	void missCallsTheLoaderOnceAndTheNextGetIsAHit() {
		Loader loader = new Loader("answer");

		assertThat(this.cache.get("lane", "2016-01", loader)).asString(StandardCharsets.UTF_8).isEqualTo("answer");
		assertThat(this.cache.get("lane", "2016-01", new Loader("other"))).asString(StandardCharsets.UTF_8)
			.isEqualTo("answer");

		assertThat(loader.calls()).isEqualTo(1);
		assertThat(this.meters.get("keel.cache.gets").tag("result", "miss").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("keel.cache.gets").tag("result", "hit").counter().count()).isEqualTo(1);
	}

	@Test
	void scopesAndKeysAreIndependent() {
		this.cache.get("a", "k", new Loader("a/k"));
		this.cache.get("a", "j", new Loader("a/j"));
		this.cache.get("b", "k", new Loader("b/k"));

		assertThat(text(this.cache.get("a", "k", new Loader("wrong")))).isEqualTo("a/k");
		assertThat(text(this.cache.get("a", "j", new Loader("wrong")))).isEqualTo("a/j");
		assertThat(text(this.cache.get("b", "k", new Loader("wrong")))).isEqualTo("b/k");
	}

	@Test
	void evictRemovesOnlyTheNamedScopes() {
		this.cache.get("a", "k", new Loader("old a"));
		this.cache.get("b", "k", new Loader("old b"));
		this.cache.get("c", "k", new Loader("old c"));

		this.cache.evict(List.of("a", "c", "never-used"));

		assertThat(text(this.cache.get("a", "k", new Loader("new a")))).isEqualTo("new a");
		assertThat(text(this.cache.get("b", "k", new Loader("new b")))).isEqualTo("old b");
		assertThat(text(this.cache.get("c", "k", new Loader("new c")))).isEqualTo("new c");
	}

	@Test
	void evictAllRemovesEveryScope() {
		this.cache.get("a", "k", new Loader("old a"));
		this.cache.get("b", "j", new Loader("old b"));

		this.cache.evictAll();

		assertThat(text(this.cache.get("a", "k", new Loader("new a")))).isEqualTo("new a");
		assertThat(text(this.cache.get("b", "j", new Loader("new b")))).isEqualTo("new b");
	}

	@Test
	void evictionDuringLoadKeepsStaleValueOut() throws Exception {
		byte[] stale = getWhile("lane", "k", "stale", () -> this.cache.evict(List.of("lane")));

		Loader fresh = new Loader("fresh");
		assertThat(text(stale)).isEqualTo("stale");
		assertThat(text(this.cache.get("lane", "k", fresh))).isEqualTo("fresh");
		assertThat(fresh.calls()).isEqualTo(1);
	}

	@Test
	void evictionFromInsideTheLoaderKeepsStaleValueOut() {
		byte[] stale = this.cache.get("lane", "k", () -> {
			this.cache.evict(List.of("lane"));
			return bytes("stale");
		});

		Loader fresh = new Loader("fresh");
		assertThat(text(stale)).isEqualTo("stale");
		assertThat(text(this.cache.get("lane", "k", fresh))).isEqualTo("fresh");
		assertThat(fresh.calls()).isEqualTo(1);
	}

	@Test
	void evictAllDuringLoadKeepsStaleValueOut() throws Exception {
		byte[] stale = getWhile("lane", "k", "stale", this.cache::evictAll);

		Loader fresh = new Loader("fresh");
		assertThat(text(stale)).isEqualTo("stale");
		assertThat(text(this.cache.get("lane", "k", fresh))).isEqualTo("fresh");
		assertThat(fresh.calls()).isEqualTo(1);
	}

	@Test
	void valueLoadedAfterAnEvictionIsStored() {
		this.cache.get("lane", "k", new Loader("old"));
		this.cache.evict(List.of("lane"));
		this.cache.evictAll();
		this.cache.get("lane", "k", new Loader("new"));

		Loader later = new Loader("later");
		assertThat(text(this.cache.get("lane", "k", later))).isEqualTo("new");
		assertThat(later.calls()).isZero();
	}

	@Test
	void binaryValuesRoundTripByteExact() {
		byte[] every = new byte[512];
		for (int i = 0; i < every.length; i++) {
			every[i] = (byte) (255 - (i % 256));
		}
		byte[] expected = every.clone();

		this.cache.get("binary", "k", () -> every);
		byte[] cached = this.cache.get("binary", "k", new Loader("wrong"));

		assertThat(cached).containsExactly(expected);
		assertThat(cached).contains((byte) 0, (byte) 255);
	}

	@Test
	void concurrentGetsOfOneKeyAllReturnTheValue() throws Exception {
		int readers = 32;
		CountDownLatch start = new CountDownLatch(1);
		Loader loader = new Loader("shared", Duration.ofMillis(20));
		List<Future<byte[]>> results = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(readers)) {
			for (int i = 0; i < readers; i++) {
				results.add(threads.submit(() -> {
					start.await();
					return this.cache.get("lane", "k", loader);
				}));
			}
			start.countDown();
			for (Future<byte[]> result : results) {
				assertThat(text(result.get(30, TimeUnit.SECONDS))).isEqualTo("shared");
			}
		}
		int loads = loader.calls();
		assertThat(loads).isBetween(1, readers);
		assertThat(text(this.cache.get("lane", "k", loader))).isEqualTo("shared");
		assertThat(loader.calls()).isEqualTo(loads);
	}

	@Test
	void entriesExpireAfterTheTtlEvenWhileTheirScopeGrows() throws Exception {
		ScopedCache shortLived = newCache(Duration.ofSeconds(1), new CacheMetrics(new SimpleMeterRegistry(), "short"));
		shortLived.get("lane", "first", new Loader("old"));
		Thread.sleep(700);
		shortLived.get("lane", "second", new Loader("other"));
		Thread.sleep(700);

		assertThat(text(shortLived.get("lane", "first", new Loader("new")))).isEqualTo("new");
	}

	/**
	 * Gets {@code key} with a loader that is held until {@code eviction} has run on
	 * another thread, and returns what the get returned.
	 */
	private byte[] getWhile(String scope, String key, String value, Runnable eviction) throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch evicted = new CountDownLatch(1);
		try (ExecutorService reader = Executors.newSingleThreadExecutor()) {
			CompletableFuture<byte[]> result = CompletableFuture.supplyAsync(() -> this.cache.get(scope, key, () -> {
				loading.countDown();
				awaitQuietly(evicted);
				return bytes(value);
			}), reader);
			assertThat(loading.await(10, TimeUnit.SECONDS)).as("loader started").isTrue();
			eviction.run();
			evicted.countDown();
			return result.get(10, TimeUnit.SECONDS);
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("eviction never ran");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** A loader that returns a fixed value and counts its calls. */
	static final class Loader implements Supplier<byte[]> {

		private final AtomicInteger calls = new AtomicInteger();

		private final String value;

		private final Duration delay;

		Loader(String value) {
			this(value, Duration.ZERO);
		}

		Loader(String value, Duration delay) {
			this.value = value;
			this.delay = delay;
		}

		@Override
		public byte[] get() {
			this.calls.incrementAndGet();
			if (!this.delay.isZero()) {
				try {
					Thread.sleep(this.delay);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return bytes(this.value);
		}

		int calls() {
			return this.calls.get();
		}

	}

}
