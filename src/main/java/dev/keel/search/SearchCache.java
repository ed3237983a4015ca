package dev.keel.search;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import dev.keel.platform.ScopedCache;
import dev.keel.platform.ScopedCaches;

/**
 * Cached answers of the search API. Items never change once stored, so their scope is
 * never evicted; any ingest that stores an item may change any search, so it evicts them
 * all.
 */
@Component
class SearchCache {

	private static final String ITEMS = "items";

	private static final String SEARCHES = "searches";

	private final ScopedCache cache;

	private final boolean enabled;

	SearchCache(ScopedCaches caches, SearchProperties properties) {
		this.cache = caches.create("search");
		this.enabled = properties.cacheEnabled();
	}

	byte[] item(long id, Supplier<byte[]> loader) {
		return this.enabled ? this.cache.get(ITEMS, Long.toString(id), loader) : loader.get();
	}

	byte[] search(String key, Supplier<byte[]> loader) {
		return this.enabled ? this.cache.get(SEARCHES, key, loader) : loader.get();
	}

	void evictSearches() {
		this.cache.evict(List.of(SEARCHES));
	}

}
