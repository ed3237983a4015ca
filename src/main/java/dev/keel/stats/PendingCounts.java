package dev.keel.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per path counted in-process and not yet taken out for the store. Taking a path
 * out removes its entry atomically, so an increment racing with it lands either in what
 * was taken or in a fresh entry, never nowhere.
 */
final class PendingCounts {

	private final ConcurrentHashMap<String, Long> counts = new ConcurrentHashMap<>();

	private final int maxUrls;

	PendingCounts(int maxUrls) {
		this.maxUrls = maxUrls;
	}

	/**
	 * Counts one request, unless {@code url} is new and the most paths are already held.
	 */
	boolean add(String url) {
		if (this.counts.size() >= this.maxUrls && !this.counts.containsKey(url)) {
			return false;
		}
		this.counts.merge(url, 1L, Long::sum);
		return true;
	}

	/** How many distinct paths wait. */
	int size() {
		return this.counts.size();
	}

	/**
	 * Takes out everything counted so far, in chunks of at most {@code chunkSize} paths.
	 */
	List<Map<String, Long>> drain(int chunkSize) {
		List<Map<String, Long>> chunks = new ArrayList<>();
		Map<String, Long> chunk = new HashMap<>();
		for (String url : this.counts.keySet()) {
			Long count = this.counts.remove(url);
			if (count == null) {
				continue;
			}
			// A path removed and counted again meanwhile can come round twice.
			chunk.merge(url, count, Long::sum);
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
