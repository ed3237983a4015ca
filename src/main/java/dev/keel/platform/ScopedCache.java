package dev.keel.platform;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * A response cache whose entries are grouped in scopes, so that a write can evict exactly
 * the scopes it may have changed.
 * <p>
 * Contract: once {@link #evict} or {@link #evictAll} has returned, no reader sees a value
 * computed before that call began. A value computed while an eviction runs is returned to
 * its reader but not stored. Write, commit, then evict, and every later read sees the
 * write.
 */
public interface ScopedCache {

	/**
	 * Returns the value stored under {@code key} in {@code scope}, or computes it with
	 * {@code loader}, stores it unless an eviction intervened, and returns it.
	 */
	byte[] get(String scope, String key, Supplier<byte[]> loader);

	/** Removes every entry of the given scopes. */
	void evict(Collection<String> scopes);

	/** Removes every entry of every scope. */
	void evictAll();

}
