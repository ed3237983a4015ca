package dev.keel.platform;

import java.time.Duration;

class LocalScopedCacheTests extends ScopedCacheContract {

	@Override
	ScopedCache newCache(Duration ttl, CacheMetrics metrics) {
		return new LocalScopedCache(new CacheProperties(CacheProperties.Type.LOCAL, ttl, 1000), metrics);
	}

}
