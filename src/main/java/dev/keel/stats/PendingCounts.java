package dev.keel.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per key (a {@link Tally}: path, client and hour) counted in-process and not
 * yet taken out for the store. Taking a key out removes its entry atomically, so an
 * increment racing with it lands either in what was taken or in a fresh entry, never
 * nowhere.
 */
final class PendingCounts<K> {

	private final ConcurrentHashMap<K, Long> counts = new ConcurrentHashMap<>();

	private final int maxUrls;

	PendingCounts(int maxUrls) {
		this.maxUrls = maxUrls;
	}

	/**
	 * Counts one request, unless {@code key} is new and the most keys are already held.
	 */
	boolean add(K key) {
		if (this.counts.size() >= this.maxUrls && !this.counts.containsKey(key)) {
			return false;
		}
		this.counts.merge(key, 1L, Long::sum);
		return true;
	}

	/** How many distinct keys wait. */
	int size() {
		return this.counts.size();
	}

	/**
	 * Takes out everything counted so far, in chunks of at most {@code chunkSize} keys.
	 */
	List<Map<K, Long>> drain(int chunkSize) {
		List<Map<K, Long>> chunks = new ArrayList<>();
		Map<K, Long> chunk = new HashMap<>();
		for (K key : this.counts.keySet()) {
			Long count = this.counts.remove(key);
			if (count == null) {
				continue;
			}
			// A key removed and counted again meanwhile can come round twice.
			chunk.merge(key, count, Long::sum);
			if (chunk.size() == chunkSize) {
				chunks.add(chunk);
				chunk = new HashMap<>();
			}
		}
		if (!chunk.isEmpty()) {
			chunks.add(chunk);
		}
		return chunks;
	}

}
