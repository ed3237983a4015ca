package dev.keel.platform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * The evictions committed writes owe, in the table {@code cache_evictions}: a write
 * records its evictions in its own transaction and carries them out right after the
 * commit; what could not be carried out (the cache was unreachable) stays in the table,
 * and every instance retries it every {@code keel.cache.eviction-retry-interval} until
 * the cache answers.
 * <p>
 * Until an owed eviction is done, no instance reads its scopes from the cache: the
 * writer's instance from the moment the eviction failed, the others from their next look
 * at the table once the row is older than {@link #OVERDUE_SQL}'s second (a row younger
 * than that is normally being carried out by its writer). So another instance may serve
 * an answer a write made stale for at most one second plus one retry interval after that
 * write committed, and only when the write's own eviction failed.
 */
@Component
final class EvictionOutbox extends Periodically {

	private static final Logger log = LoggerFactory.getLogger(EvictionOutbox.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<String>> SCOPES = new TypeReference<>() {
	};

	// The rows read per look; with more owed than this, whole caches are skipped.
	private static final int LOOK = 1000;

	// Past this many scopes owed in one cache, it is evicted whole.
	private static final int MANY_SCOPES = 10_000;

	private static final String OVERDUE_SQL = "recorded_at < CURRENT_TIMESTAMP - INTERVAL '1' SECOND";

	/** An eviction owed: {@code scopes} null for every scope of the cache. */
	record Owed(long id, String cache, @Nullable Set<String> scopes) {

	}

	/**
	 * What this instance must not read from the cache: scopes per cache, or whole caches.
	 */
	private record Skipped(Map<String, Set<String>> scopes, Set<String> caches) {

		static final Skipped NOTHING = new Skipped(Map.of(), Set.of());

		boolean covers(String cache, String scope) {
			if (this.caches.contains(cache)) {
				return true;
			}
			Set<String> scopes = this.scopes.get(cache);
			return scopes != null && scopes.contains(scope);
		}

		boolean isEmpty() {
			return this.scopes.isEmpty() && this.caches.isEmpty();
		}

	}

	/** An eviction this instance failed to carry out, and when it learnt that. */
	private record Failed(Owed owed, long atNanos) {

	}

	private final JdbcClient jdbc;

	private final CacheProperties properties;

	private final Map<String, ScopedCache> caches = new ConcurrentHashMap<>();

	private final Map<Long, Failed> failed = new ConcurrentHashMap<>();

	private volatile Skipped overdue = Skipped.NOTHING;

	// Logged once per outage of the database, not every interval.
	private boolean unreadable;

	EvictionOutbox(JdbcClient jdbc, CacheProperties properties) {
		super("eviction-outbox", properties.evictionRetryInterval());
		this.jdbc = jdbc;
		this.properties = properties;
	}

	void register(String name, ScopedCache cache) {
		this.caches.put(name, cache);
	}

	/** Records the evictions in the current transaction. */
	List<Owed> record(Evictions evictions) {
		List<Owed> owed = new ArrayList<>();
		evictions.byCache().forEach((cache, scopes) -> {
			KeyHolder id = new GeneratedKeyHolder();
			this.jdbc.sql("INSERT INTO cache_evictions (cache, scopes) VALUES (:cache, :scopes)")
				.param("cache", cache)
				.param("scopes", (scopes != null) ? JSON.writeValueAsString(scopes) : null)
				.update(id, "id");
			owed.add(new Owed(id.getKeyAs(Long.class), cache, scopes));
		});
		return owed;
	}

	/**
	 * Carries out evictions of committed writes and deletes their rows. Never throws:
	 * what fails stays owed, is skipped by this instance's reads at once, and is retried.
	 */
	void carryOut(List<Owed> owed) {
		if (owed.isEmpty()) {
			return;
		}
		List<Long> done = new ArrayList<>();
		// One call per cache, however many rows: after a long outage, thousands.
		Map<String, List<Owed>> byCache = new LinkedHashMap<>();
		owed.forEach(eviction -> byCache.computeIfAbsent(eviction.cache(), name -> new ArrayList<>()).add(eviction));
		byCache.forEach((cache, evictions) -> {
			if (evict(merged(cache, evictions))) {
				evictions.forEach(eviction -> {
					done.add(eviction.id());
					this.failed.remove(eviction.id());
				});
				return;
			}
			for (Owed eviction : evictions) {
				if (this.failed.putIfAbsent(eviction.id(), new Failed(eviction, System.nanoTime())) == null) {
					log.warn("Eviction {} of cache {} owed, retried every {} until the cache answers", eviction.id(),
							cache, this.properties.evictionRetryInterval());
				}
			}
		});
		if (!done.isEmpty()) {
			try {
				this.jdbc.sql("DELETE FROM cache_evictions WHERE id IN (:ids)").param("ids", done).update();
			}
			catch (RuntimeException ex) {
				// Carried out all the same; the next look deletes them.
				log.warn("Evictions {} done but not yet deleted: {}", done, ex.toString());
			}
		}
	}

	// The union of the scopes, or every scope where one row says so or there are many.
	private static Owed merged(String cache, List<Owed> evictions) {
		Set<String> scopes = new LinkedHashSet<>();
		for (Owed eviction : evictions) {
			if (eviction.scopes() == null || scopes.size() > MANY_SCOPES) {
				return new Owed(eviction.id(), cache, null);
			}
			scopes.addAll(eviction.scopes());
		}
		return new Owed(evictions.get(0).id(), cache, scopes);
	}

	/** Whether a read of {@code scope} in {@code cache} must skip the cache. */
	boolean owes(String cache, String scope) {
		Skipped overdue = this.overdue;
		if (!overdue.isEmpty() && overdue.covers(cache, scope)) {
			return true;
		}
		if (this.failed.isEmpty()) {
			return false;
		}
		for (Failed failure : this.failed.values()) {
			Owed owed = failure.owed();
			if (owed.cache().equals(cache) && (owed.scopes() == null || owed.scopes().contains(scope))) {
				return true;
			}
		}
		return false;
	}

	/** One look at the table: learns what is overdue, and carries out what it can. */
	void retry() {
		long started = System.nanoTime();
		forgetExpired();
		List<Owed> overdue = new ArrayList<>();
		Set<Long> present = new HashSet<>();
		boolean cut = readOwed(overdue, present);
		this.overdue = skipped(overdue, cut);
		// A failure this instance saw is forgotten once its row is gone (another
		// instance carried it out), unless it was seen after this look began.
		this.failed.values().removeIf(failure -> !present.contains(failure.owed().id()) && failure.atNanos() < started);
		List<Owed> due = new ArrayList<>(overdue);
		this.failed.values().forEach(failure -> {
			if (!overdue.contains(failure.owed())) {
				due.add(failure.owed());
			}
		});
		carryOut(due);
	}

	// What a row older than the cache's TTL guards against has expired from the cache by
	// now (a scope's entries live at most the TTL from its first): such a row is moot,
	// even one for a cache no instance serves any more.
	private void forgetExpired() {
		long seconds = this.properties.ttl().toSeconds() + 60;
		this.jdbc
			.sql("DELETE FROM cache_evictions WHERE recorded_at < CURRENT_TIMESTAMP - INTERVAL '" + seconds
					+ "' SECOND")
			.update();
	}

	private boolean readOwed(List<Owed> overdue, Set<Long> present) {
		List<Owed> rows = this.jdbc.sql("SELECT id, cache, scopes, CASE WHEN " + OVERDUE_SQL
				+ " THEN 1 ELSE 0 END AS overdue FROM cache_evictions ORDER BY id FETCH FIRST " + LOOK + " ROWS ONLY")
			.query((row, number) -> {
				String scopes = row.getString("scopes");
				Owed owed = new Owed(row.getLong("id"), row.getString("cache"),
						(scopes != null) ? new LinkedHashSet<>(JSON.readValue(scopes, SCOPES)) : null);
				present.add(owed.id());
				if (row.getInt("overdue") == 1) {
					overdue.add(owed);
				}
				return owed;
			})
			.list();
		return rows.size() == LOOK;
	}

	private Skipped skipped(List<Owed> overdue, boolean cut) {
		if (overdue.isEmpty() && !cut) {
			return Skipped.NOTHING;
		}
		Map<String, Set<String>> scopes = new HashMap<>();
		Set<String> caches = new HashSet<>();
		if (cut) {
			// More owed than one look reads: nothing of any cache is trusted until fewer.
			caches.addAll(this.caches.keySet());
		}
		for (Owed owed : overdue) {
			if (owed.scopes() == null) {
				caches.add(owed.cache());
			}
			else {
				scopes.computeIfAbsent(owed.cache(), name -> new HashSet<>()).addAll(owed.scopes());
			}
		}
		return new Skipped(scopes, caches);
	}

	private boolean evict(Owed owed) {
		ScopedCache cache = this.caches.get(owed.cache());
		if (cache == null) {
			// A cache this instance does not serve (a command, or an older version).
			return false;
		}
		try {
			if (owed.scopes() == null) {
				cache.evictAll();
			}
			else {
				cache.evict(owed.scopes());
			}
			return true;
		}
		catch (RuntimeException ex) {
			log.debug("Eviction {} of cache {} failed: {}", owed.id(), owed.cache(), ex.toString());
			return false;
		}
	}

	@Override
	void runOnce() {
		try {
			retry();
			this.unreadable = false;
		}
		catch (RuntimeException ex) {
			if (!this.unreadable) {
				log.warn("Owed evictions unreadable, retried every {}: {}", this.properties.evictionRetryInterval(),
						ex.toString());
			}
			this.unreadable = true;
		}
	}

}
