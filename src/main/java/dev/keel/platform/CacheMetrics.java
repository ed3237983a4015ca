package dev.keel.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Hits, misses and failures of one cache, as {@code keel.cache.gets} and
 * {@code keel.cache.errors}. A read that did not ask the cache (it was off, an eviction
 * of its scope was still owed, or Redis's circuit was open) counts as
 * {@code result=bypass}.
 */
final class CacheMetrics {

	final Counter hits;

	final Counter misses;

	final Counter bypasses;

	final Counter errors;

	CacheMetrics(MeterRegistry meters, String namespace) {
		this.hits = Counter.builder("keel.cache.gets").tag("cache", namespace).tag("result", "hit").register(meters);
		this.misses = Counter.builder("keel.cache.gets").tag("cache", namespace).tag("result", "miss").register(meters);
		this.bypasses = Counter.builder("keel.cache.gets")
			.tag("cache", namespace)
			.tag("result", "bypass")
			.register(meters);
		this.errors = Counter.builder("keel.cache.errors").tag("cache", namespace).register(meters);
	}

}
