package dev.keel.search;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the search API.
 *
 * @param maxItems the most records one bulk request may hold; more get 413
 * @param maxBodySize the largest bulk request body; larger ones get 413
 * @param cacheEnabled whether items and search results are cached (off for benchmarks of
 * the database path)
 */
@ConfigurationProperties("keel.search")
record SearchProperties(int maxItems, DataSize maxBodySize, boolean cacheEnabled) {

	SearchProperties {
		if (maxItems < 1) {
			throw new IllegalArgumentException("keel.search.max-items must be positive");
		}
		if (maxBodySize == null || maxBodySize.toBytes() <= 0) {
			throw new IllegalArgumentException("keel.search.max-body-size must be positive");
		}
	}

}
