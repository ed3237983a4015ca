package dev.keel.stats;

import java.util.Map;

/** Where request counts are kept for good: Redis or the database. */
interface CountStore {

	/**
	 * Adds one batch of counts, all or nothing. A batch is sent again after an error
	 * whose outcome is unknown; a store that can tell applies it only once.
	 */
	void add(Batch batch);

	/** One page of the report, most requested first, ties by path ascending. */
	StatsPage page(int limit, long offset);

	/** Forgets every count. */
	void reset();

	/**
	 * Counts gathered by one instance.
	 *
	 * @param source the instance that gathered them, fixed for its lifetime
	 * @param sequence grows by one with every batch of that instance
	 * @param counts requests per path
	 * @param requests the sum of the counts
	 */
	record Batch(String source, long sequence, Map<String, Long> counts, long requests) {

	}

}
