package dev.keel.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Cache;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.keel.platform.Clients;
import dev.keel.platform.InternalRequests;
import dev.keel.platform.InvalidInput;
import dev.keel.platform.Writes;

/**
 * The keys, in the database every instance shares. A request's key is looked up by its
 * digest and the answer kept for {@link #SEEN_FOR} at most, so a key revoked on one
 * instance is refused by all of them within that time.
 */
@Component
class ApiKeys {

	static final Duration SEEN_FOR = Duration.ofMillis(500);

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private final JdbcClient jdbc;

	private final Writes writes;

	private final Clock clock;

	private final Cache<String, Optional<ApiKey>> byDigest;

	ApiKeys(JdbcClient jdbc, Writes writes, Clock clock) {
		this.jdbc = jdbc;
		this.writes = writes;
		this.clock = clock;
		this.byDigest = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(SEEN_FOR).build();
	}

	private static final String SELECT = """
			SELECT name, role, rate_limit, created_at, expires_at, revoked_at FROM api_keys""";

	/**
	 * Creates a key; a revoked key's name may be given again.
	 * @throws InvalidInput naming {@code name}, {@code rate_limit} or {@code expires_at}
	 * @throws AccessProblems.NameTaken if a key that is not revoked has the name
	 */
	ApiKey.Created create(String name, Role role, @Nullable String rateLimit, @Nullable Instant expiresAt) {
		checkName(name);
		String limit = (rateLimit != null) ? normalized(rateLimit) : null;
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw new InvalidInput("expires_at", "'" + expiresAt + "' is not in the future");
		}
		String secret = KeySecret.generate();
		ApiKey key = new ApiKey(name, role, limit, now, expiresAt, null);
		this.writes.commit(evictions -> {
			int replaced = this.jdbc.sql("DELETE FROM api_keys WHERE name = :name AND revoked_at IS NOT NULL")
				.param("name", name)
				.update();
			boolean taken = replaced == 0 && this.jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE name = :name")
				.param("name", name)
				.query(Long.class)
				.single() > 0;
			if (taken) {
				throw new AccessProblems.NameTaken(name);
			}
			this.jdbc.sql("""
					INSERT INTO api_keys (name, role, digest, rate_limit, created_at, expires_at)
					VALUES (:name, :role, :digest, :limit, :created, :expires)
					""")
				.param("name", name)
				.param("role", role.toString())
				.param("digest", KeySecret.digest(secret))
				.param("limit", limit)
				.param("created", java.sql.Timestamp.from(now))
				.param("expires", (expiresAt != null) ? java.sql.Timestamp.from(expiresAt) : null)
				.update();
			return null;
		});
		return new ApiKey.Created(key, secret);
	}

	List<ApiKey> list() {
		return this.jdbc.sql(SELECT + " ORDER BY name").query(ApiKeys::key).list();
	}

	ApiKey get(String name) {
		return this.jdbc.sql(SELECT + " WHERE name = :name")
			.param("name", name)
			.query(ApiKeys::key)
			.optional()
			.orElseThrow(() -> new AccessProblems.UnknownKey(name));
	}

	/** Revokes the key; revoking it again changes nothing. */
	ApiKey revoke(String name) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		this.writes.commit(evictions -> this.jdbc
			.sql("UPDATE api_keys SET revoked_at = :now WHERE name = :name AND revoked_at IS NULL")
			.param("now", java.sql.Timestamp.from(now))
			.param("name", name)
			.update());
		// This instance refuses it at once; the others once their answer is SEEN_FOR old.
		this.byDigest.invalidateAll();
		return get(name);
	}

	/** As {@link #find(String, Supplier)}, asking the database whenever it must. */
	Optional<ApiKey> find(String secret) {
		return find(secret, () -> null);
	}

	/**
	 * The key whose secret is {@code secret}, if it is one; revoked and expired ones too.
	 * When the answer is not cached, the database is asked only if {@code mayAsk} gives
	 * no refusal.
	 * @throws AccessProblems.TooManyRequests if {@code mayAsk} refused
	 */
	Optional<ApiKey> find(String secret, Supplier<LimitStore.@Nullable Take> mayAsk) {
		// Requests with one key arriving together wait for one lookup, which alone asks.
		return this.byDigest.get(KeySecret.digest(secret), digest -> {
			LimitStore.Take take = mayAsk.get();
			if (take != null && !take.allowed()) {
				throw new AccessProblems.TooManyRequests("key-lookups", take.resetSeconds());
			}
			return this.jdbc.sql(SELECT + " WHERE digest = :digest")
				.param("digest", digest)
				.query(ApiKeys::key)
				.optional();
		});
	}

	Instant now() {
		return this.clock.instant();
	}

	private static String normalized(String rateLimit) {
		try {
			return RateLimit.parse(rateLimit, null).rate();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInput("rate_limit", ex.getMessage());
		}
	}

	private static ApiKey key(java.sql.ResultSet row, int number) throws java.sql.SQLException {
		return new ApiKey(row.getString("name"), Role.named(row.getString("role"), "role"), row.getString("rate_limit"),
				instant(row, "created_at"), instant(row, "expires_at"), instant(row, "revoked_at"));
	}

	private static @Nullable Instant instant(java.sql.ResultSet row, String column) throws java.sql.SQLException {
		java.sql.Timestamp time = row.getTimestamp(column);
		return (time != null) ? time.toInstant() : null;
	}

	private static void checkName(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new InvalidInput("name",
					"must be 1 to 64 letters, digits, '.', '_' or '-', starting with a " + "letter or digit");
		}
		if (name.equalsIgnoreCase(Clients.ANONYMOUS) || name.equalsIgnoreCase(InternalRequests.CLIENT)) {
			throw new InvalidInput("name", "'" + name + "' is reserved for clients without a key");
		}
	}

}
