package dev.keel.platform;

import java.util.function.Supplier;

/**
 * The one way a module reads through its response cache: {@link #get} returns the cached
 * answer or loads, stores and returns it. The cache is skipped (the loader answers) while
 * it is switched off, while an eviction of the scope is still owed by a committed write
 * (see {@link Writes}), and while Redis is failing. Evictions go through
 * {@link Evictions}, never directly, so that they are recorded with the write.
 */
public final class ResponseCache {

	private final String name;

	private final boolean enabled;

	private final ScopedCache store;

	private final EvictionOutbox outbox;

	private final CacheMetrics metrics;

	ResponseCache(String name, boolean enabled, ScopedCache store, EvictionOutbox outbox, CacheMetrics metrics) {
		this.name = name;
		this.enabled = enabled;
		this.store = store;
		this.outbox = outbox;
		this.metrics = metrics;
	}

	/** The answer under {@code key} in {@code scope}; see {@link ScopedCache#get}. */
	public byte[] get(String scope, String key, Supplier<byte[]> loader) {
		if (!this.enabled || this.outbox.owes(this.name, scope)) {
			this.metrics.bypasses.increment();
			return loader.get();
		}
		return this.store.get(scope, key, loader);
	}

	String name() {
		return this.name;
	}

}
