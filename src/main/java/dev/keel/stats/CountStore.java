package dev.keel.stats;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where request counts are kept for good: Redis or the database. Besides the all-time
 * count per path, each request is kept in the bucket of its UTC hour and of its UTC day,
 * by path and by client.
 */
interface CountStore {

	/**
	 * Adds one batch of counts, all or nothing. A batch is sent again after an error
	 * whose outcome is unknown; the store applies it only once.
	 */
	void add(Batch batch);

	/** One page of the all-time report, most requested first, ties by path ascending. */
	StatsPage page(int limit, long offset);

	/** One page of the report of {@code window}, in the same order. */
	StatsPage page(Window window, int limit, long offset);

	/** One page of the clients of {@code window}, most requests first, ties by name. */
	ClientsPage clients(Window window, int limit, long offset);

	/** The requests to {@code url} in each bucket of {@code window}, in order. */
	List<Long> series(String url, Window window);

	/** Forgets every count. */
	void reset();

	/**
	 * Counts gathered by one instance.
	 *
	 * @param source the instance that gathered them, fixed for its lifetime
	 * @param sequence grows by one with every batch of that instance
	 * @param tallies requests per path, client and hour
	 * @param requests the sum of the counts
	 */
	record Batch(String source, long sequence, Map<Tally, Long> tallies, long requests) {

		/** Requests per path, over every client and hour. */
		Map<String, Long> counts() {
			Map<String, Long> counts = new HashMap<>();
			this.tallies.forEach((tally, count) -> counts.merge(tally.url(), count, Long::sum));
			return counts;
		}

		/** The batch's counts by bucket of {@code step}, in the order of time. */
		List<Bucket> buckets(Step step) {
			Map<Instant, Bucket> buckets = new TreeMap<>();
			this.tallies.forEach((tally, count) -> {
				Instant start = step.start(Instant.ofEpochSecond(tally.hour()));
				Bucket bucket = buckets.computeIfAbsent(start,
						at -> new Bucket(step, at, new HashMap<>(), new HashMap<>()));
				bucket.urls().merge(tally.url(), count, Long::sum);
				bucket.clients().merge(tally.client(), count, Long::sum);
			});
			return List.copyOf(buckets.values());
		}

	}

	/** The part of a batch that falls in one bucket. */
	record Bucket(Step step, Instant start, Map<String, Long> urls, Map<String, Long> clients) {

		long total() {
			return this.urls.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}
