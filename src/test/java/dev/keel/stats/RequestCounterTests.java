package dev.keel.stats;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The counter's own rules, over a store that fails on demand: what is kept while the
 * store is away, what goes uncounted beyond the limit, and that a failed reset forgets
 * nothing. (The stores themselves are tested against real Redis and H2.)
 */
class RequestCounterTests {

	private final FlakyStore store = new FlakyStore();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void keepsEveryCountWhileTheStoreFailsAndStoresEachOnceItAnswers() {
		RequestCounter counter = counter(100);
		count(counter, "/api/a", 3);
		this.store.failing = true;
		assertThatThrownBy(counter::flush).isInstanceOf(QueryTimeoutException.class);
		count(counter, "/api/b", 2);
		assertThatThrownBy(counter::flush).isInstanceOf(QueryTimeoutException.class);
		assertThat(gauge("keel.stats.unstored")).isEqualTo(5);

		this.store.failing = false;
		counter.flush();
		assertThat(this.store.counts).containsExactlyInAnyOrderEntriesOf(Map.of("/api/a", 3L, "/api/b", 2L));
		assertThat(this.store.requests).isEqualTo(5);
		assertThat(gauge("keel.stats.unstored")).isZero();
	}

	@Test
	void leavesOnlyNewPathsUncountedOnceMaxPendingUrlsWait() {
		RequestCounter counter = counter(2);
		this.store.failing = true;
		count(counter, "/api/a", 1);
		count(counter, "/api/b", 1);
		count(counter, "/api/c", 4);
		count(counter, "/api/a", 1);
		assertThat(this.meters.counter("keel.stats.uncounted").count()).isEqualTo(4);

		this.store.failing = false;
		counter.flush();
		assertThat(this.store.counts).containsExactlyInAnyOrderEntriesOf(Map.of("/api/a", 2L, "/api/b", 1L));
	}

	@Test
	void aReportOrResetTheStoreRefusesIsUnavailableAndForgetsNothing() {
		RequestCounter counter = counter(100);
		count(counter, "/api/a", 2);
		this.store.failing = true;
		assertThatThrownBy(counter::reset).isInstanceOf(StatsUnavailable.class);
		assertThatThrownBy(() -> counter.page(10, 0)).isInstanceOf(StatsUnavailable.class);
		assertThat(this.meters.counter("keel.stats.store.errors").count()).isEqualTo(2);

		this.store.failing = false;
		StatsPage page = counter.page(10, 0);
		assertThat(page.items()).containsExactly(new StatsPage.UrlCount("/api/a", 2));
		counter.reset();
		assertThat(this.store.counts).isEmpty();
		assertThat(gauge("keel.stats.unstored")).isZero();
	}

	@Test
	void numbersItsBatchesInOrderUnderOneSource() {
		RequestCounter counter = counter(100);
		for (int round = 0; round < 3; round++) {
			count(counter, "/api/" + round, 1);
			counter.flush();
		}
		assertThat(this.store.batches).extracting(CountStore.Batch::sequence).containsExactly(1L, 2L, 3L);
		assertThat(this.store.batches).extracting(CountStore.Batch::source)
			.containsOnly(this.store.batches.get(0).source());
	}

	private RequestCounter counter(int maxPendingUrls) {
		var properties = StatsSettings.with(StatsProperties.Store.DATABASE, Duration.ofHours(1), maxPendingUrls);
		return new RequestCounter(this.store, properties, Clock.systemUTC(), this.meters);
	}

	private static void count(RequestCounter counter, String url, int times) {
		for (int i = 0; i < times; i++) {
			counter.count(url, "anonymous");
		}
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

	/**
	 * Keeps counts in a map; while {@code failing}, refuses everything as a timed-out
	 * Redis would.
	 */
	private static final class FlakyStore implements CountStore {

		final Map<String, Long> counts = new HashMap<>();

		final List<Batch> batches = new ArrayList<>();

		long requests;

		boolean failing;

		@Override
		public void add(Batch batch) {
			refuseIfFailing();
			this.batches.add(batch);
			batch.counts().forEach((url, count) -> this.counts.merge(url, count, Long::sum));
			this.requests += batch.requests();
		}

		@Override
		public StatsPage page(int limit, long offset) {
			refuseIfFailing();
			List<StatsPage.UrlCount> items = this.counts.entrySet()
				.stream()
				.map(count -> new StatsPage.UrlCount(count.getKey(), count.getValue()))
				.toList();
			return new StatsPage(this.requests, this.counts.size(), limit, offset, items);
		}

		@Override
		public StatsPage page(Window window, int limit, long offset) {
			throw new UnsupportedOperationException("windows are tested against the real stores");
		}

		@Override
		public ClientsPage clients(Window window, int limit, long offset) {
			throw new UnsupportedOperationException("windows are tested against the real stores");
		}

		@Override
		public List<Long> series(String url, Window window) {
			throw new UnsupportedOperationException("windows are tested against the real stores");
		}

		@Override
		public void reset() {
			refuseIfFailing();
			this.counts.clear();
			this.requests = 0;
		}

		private void refuseIfFailing() {
			if (this.failing) {
				throw new QueryTimeoutException("store refuses, as the test asked");
			}
		}

	}

}
