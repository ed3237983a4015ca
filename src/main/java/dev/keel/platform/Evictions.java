package dev.keel.platform;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The cache evictions a write needs, named while it runs (see {@link Writes}): recorded
 * in its transaction, carried out once it commits.
 */
public final class Evictions {

	// Per cache: the scopes to evict, or null for every scope.
	private final Map<String, @Nullable Set<String>> scopes = new LinkedHashMap<>();

	Evictions() {
	}

	/** Evicts these scopes of {@code cache}. */
	public void evict(ResponseCache cache, Collection<String> scopes) {
		if (scopes.isEmpty() || (this.scopes.containsKey(cache.name()) && this.scopes.get(cache.name()) == null)) {
			return;
		}
		this.scopes.computeIfAbsent(cache.name(), name -> new LinkedHashSet<>()).addAll(scopes);
	}

	/** Evicts every scope of {@code cache}. */
	public void evictAll(ResponseCache cache) {
		this.scopes.put(cache.name(), null);
	}

	Map<String, @Nullable Set<String>> byCache() {
		return this.scopes;
	}

}
