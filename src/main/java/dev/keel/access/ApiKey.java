package dev.keel.access;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A key as listed: everything but its secret, which is never kept.
 *
 * @param name unique among keys that are not revoked; names the client in limits and
 * usage
 * @param rateLimit the key's own limit over all its requests ({@code N/PERIOD}), or null
 * for its role's limits per route group
 */
record ApiKey(String name, Role role, @Nullable String rateLimit, Instant createdAt, @Nullable Instant expiresAt,
		@Nullable Instant revokedAt) {

	/** Whether a request sent at {@code now} with this key is served. */
	boolean validAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

	/** Rates as read, once each: this is asked on every request with a key. */
	private static final Map<String, RateLimit> PARSED = new ConcurrentHashMap<>();

	@Nullable RateLimit ownLimit() {
		return (this.rateLimit != null) ? PARSED.computeIfAbsent(this.rateLimit, rate -> RateLimit.parse(rate, null))
				: null;
	}

	/** What creating a key answers: the key and, this once, its secret. */
	record Created(String name, Role role, @Nullable String rateLimit, Instant createdAt, @Nullable Instant expiresAt,
			String key) {

		Created(ApiKey key, String secret) {
			this(key.name(), key.role(), key.rateLimit(), key.createdAt(), key.expiresAt(), secret);
		}

	}

}
