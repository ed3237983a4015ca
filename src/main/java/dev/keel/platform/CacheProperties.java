package dev.keel.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The response cache.
 *
 * @param type {@code local} (in-process, one instance) or {@code redis} (shared by every
 * instance)
 * @param ttl how long an entry lives at most
 * @param maxScopes the most scopes kept per cache in-process; the least recently used go
 */
@ConfigurationProperties("keel.cache")
record CacheProperties(Type type, Duration ttl, long maxScopes) {

	enum Type {

		LOCAL, REDIS

	}

	CacheProperties {
		if (type == null) {
			throw new IllegalArgumentException("keel.cache.type must be local or redis");
		}
		if (ttl == null || ttl.toSeconds() < 1) {
			throw new IllegalArgumentException("keel.cache.ttl must be at least one second");
		}
		if (maxScopes < 1) {
			throw new IllegalArgumentException("keel.cache.max-scopes must be positive");
		}
	}

}
