package dev.keel.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits shared by every module.
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 * @param maxPathLength the longest path accepted, in characters, at most 2,048; longer
 * ones get 414 before any module sees them (so not even the request counter stores them)
 * @param maxUriLength the longest path and query string accepted, in characters; longer
 * ones get 414
 */
@ConfigurationProperties("keel.http")
record HttpProperties(DataSize maxBodySize, int maxPathLength, int maxUriLength) {

	HttpProperties {
		if (maxBodySize == null || maxBodySize.toBytes() <= 0) {
			throw new IllegalArgumentException("keel.http.max-body-size must be positive");
		}
		// 2,048 is also the width of the request counter's url column.
		if (maxPathLength < 1 || maxPathLength > 2048) {
			throw new IllegalArgumentException("keel.http.max-path-length must be 1 to 2048");
		}
		if (maxUriLength < 1) {
			throw new IllegalArgumentException("keel.http.max-uri-length must be positive");
		}
	}

}
