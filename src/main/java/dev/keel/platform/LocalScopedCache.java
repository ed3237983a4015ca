package dev.keel.platform;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * In-process {@link ScopedCache} on Caffeine. A reader stores its value only if no
 * eviction started since it began reading; evictions count up {@code evictions} before
 * removing, so a value read before a write can never be stored after it.
 */
final class LocalScopedCache implements ScopedCache {

	private final Cache<String, Map<String, byte[]>> scopes;

	private final AtomicLong evictions = new AtomicLong();

	private final CacheMetrics metrics;

	LocalScopedCache(CacheProperties properties, CacheMetrics metrics) {
		this.scopes = Caffeine.newBuilder()
			.maximumSize(properties.maxScopes())
			// Timed from the scope's first entry, so that adding entries never extends
			// older ones.
			.expireAfter(Expiry.creating((String scope, Map<String, byte[]> entries) -> properties.ttl()))
			.build();
		this.metrics = metrics;
	}

	@Override
	public byte[] get(String scope, String key, Supplier<byte[]> loader) {
		long seen = this.evictions.get();
		Map<String, byte[]> entries = this.scopes.getIfPresent(scope);
		byte[] value = (entries != null) ? entries.get(key) : null;
		if (value != null) {
			this.metrics.hits.increment();
			return value;
		}
		this.metrics.misses.increment();
		byte[] loaded = loader.get();
		this.scopes.asMap().compute(scope, (name, current) -> {
			if (this.evictions.get() != seen) {
				return current;
			}
			Map<String, byte[]> updated = (current != null) ? current : new ConcurrentHashMap<>();
			updated.put(key, loaded);
			return updated;
		});
		return loaded;
	}

	@Override
	public void evict(Collection<String> scopes) {
		this.evictions.incrementAndGet();
		this.scopes.invalidateAll(scopes);
	}

	@Override
	public void evictAll() {
		this.evictions.incrementAndGet();
		this.scopes.invalidateAll();
	}

}
