package dev.keel.rates;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import dev.keel.platform.ScopedCache;
import dev.keel.platform.ScopedCaches;

/**
 * Cached {@code GET /rates} answers, one scope per (origin, destination) pair, so that a
 * price on a lane evicts only the pairs that contain both of its ports.
 */
@Component
class RatesCache {

	private final ScopedCache cache;

	RatesCache(ScopedCaches caches) {
		this.cache = caches.create("rates");
	}

	byte[] get(RateQuery query, Supplier<byte[]> loader) {
		String key = query.range().from() + "/" + query.range().to() + "/" + query.minPrices();
		return this.cache.get(scope(query.origin(), query.destination()), key, loader);
	}

	/**
	 * Evicts every pair a price between the two ports could change: each side is the port
	 * itself or one of the regions that encloses it.
	 */
	void evictLane(List<String> originAndEnclosing, List<String> destinationAndEnclosing) {
		List<String> scopes = new ArrayList<>();
		for (String origin : originAndEnclosing) {
			for (String destination : destinationAndEnclosing) {
				scopes.add(scope(origin, destination));
			}
		}
		this.cache.evict(scopes);
	}

	void evictAll() {
		this.cache.evictAll();
	}

	// Length-prefixed, so that no two pairs of names can make the same scope.
	private static String scope(String origin, String destination) {
		return origin.length() + ":" + origin + "|" + destination;
	}

}
