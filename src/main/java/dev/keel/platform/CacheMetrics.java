package dev.keel.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Hits, misses and failures of one cache, as {@code keel.cache.gets} and
 * {@code keel.cache.errors}.
 */
final class CacheMetrics {

	final Counter hits;

	final Counter misses;

	final Counter errors;

	CacheMetrics(MeterRegistry meters, String namespace) {
		this.hits = Counter.builder("keel.cache.gets").tag("cache", namespace).tag("result", "hit").register(meters);
		this.misses = Counter.builder("keel.cache.gets").tag("cache", namespace).tag("result", "miss").register(meters);
		this.errors = Counter.builder("keel.cache.errors").tag("cache", namespace).register(meters);
	}

}
