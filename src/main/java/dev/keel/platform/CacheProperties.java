package dev.keel.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The response cache.
 *
 * @param type {@code local} (in-process, one instance) or {@code redis} (shared by every
 * instance)
 * @param ttl how long an entry lives at most
 * @param maxScopes the most scopes kept per cache in-process; the least recently used go
 * @param evictionRetryInterval how often each instance retries the evictions that
 * committed writes still owe (default 500 ms)
 * @param redisProbeInterval while Redis is failing and skipped, how often it is asked
 * whether it answers again (default 1 s)
 */
@ConfigurationProperties("keel.cache")
record CacheProperties(Type type, Duration ttl, long maxScopes, Duration evictionRetryInterval,
		Duration redisProbeInterval) {

	CacheProperties(Type type, Duration ttl, long maxScopes) {
		this(type, ttl, maxScopes, null, null);
	}

	enum Type {

		LOCAL, REDIS

	}

	@ConstructorBinding
	CacheProperties {
		if (type == null) {
			throw new IllegalArgumentException("keel.cache.type must be local or redis");
		}
		if (ttl == null || ttl.toSeconds() < 1) {
			throw new IllegalArgumentException("keel.cache.ttl must be at least one second");
		}
		evictionRetryInterval = positive(evictionRetryInterval, Duration.ofMillis(500), "eviction-retry-interval");
		redisProbeInterval = positive(redisProbeInterval, Duration.ofSeconds(1), "redis-probe-interval");
		if (maxScopes < 1) {
			throw new IllegalArgumentException("keel.cache.max-scopes must be positive");
		}
	}

	private static Duration positive(Duration value, Duration fallback, String name) {
		if (value == null) {
			return fallback;
		}
		if (value.toMillis() < 10) {
			throw new IllegalArgumentException("keel.cache." + name + " must be at least 10ms");
		}
		return value;
	}

}
