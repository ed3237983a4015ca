package dev.keel.rates;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import dev.keel.platform.Evictions;
import dev.keel.platform.ResponseCache;
import dev.keel.platform.ResponseCaches;

/**
 * Cached {@code GET /rates} answers, one scope per (origin, destination) pair, so that a
 * price on a lane evicts only the pairs that contain both of its ports.
 */
@Component
class RatesCache {

	private final ResponseCache cache;

	RatesCache(ResponseCaches caches, RatesProperties properties) {
		this.cache = caches.create("rates", properties.cacheEnabled());
	}

	byte[] get(RateQuery query, Supplier<byte[]> loader) {
		String key = query.range().from() + "/" + query.range().to() + "/" + query.minPrices();
		return this.cache.get(scope(query.origin(), query.destination()), key, loader);
	}

	/**
	 * Evicts every pair a price between the two ports could change: each side is the port
	 * itself or one of the regions that encloses it.
	 */
	void evictLane(Evictions evictions, List<String> originAndEnclosing, List<String> destinationAndEnclosing) {
		List<String> scopes = new ArrayList<>();
		for (String origin : originAndEnclosing) {
			for (String destination : destinationAndEnclosing) {
				scopes.add(scope(origin, destination));
			}
		}
		evictions.evict(this.cache, scopes);
	}

	void evictAll(Evictions evictions) {
		evictions.evictAll(this.cache);
	}

	// Length-prefixed, so that no two pairs of names can make the same scope.
	private static String scope(String origin, String destination) {
		return origin.length() + ":" + origin + "|" + destination;
	}

}
