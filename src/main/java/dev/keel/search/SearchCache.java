package dev.keel.search;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import dev.keel.platform.Evictions;
import dev.keel.platform.ResponseCache;
import dev.keel.platform.ResponseCaches;

/**
 * Cached answers of the search API. Items never change once stored, so their scope is
 * never evicted; any ingest that stores an item may change any search, so it evicts them
 * all.
 */
@Component
class SearchCache {

	private static final String ITEMS = "items";

	private static final String SEARCHES = "searches";

	private final ResponseCache cache;

	SearchCache(ResponseCaches caches, SearchProperties properties) {
		this.cache = caches.create("search", properties.cacheEnabled());
	}

	byte[] item(long id, Supplier<byte[]> loader) {
		return this.cache.get(ITEMS, Long.toString(id), loader);
	}

	byte[] search(String key, Supplier<byte[]> loader) {
		return this.cache.get(SEARCHES, key, loader);
	}

	void evictSearches(Evictions evictions) {
		evictions.evict(this.cache, List.of(SEARCHES));
	}

	void evictAll(Evictions evictions) {
		evictions.evictAll(this.cache);
	}

}
