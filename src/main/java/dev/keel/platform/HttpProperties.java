package dev.keel.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * HTTP limits shared by every module.
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 * @param maxUriLength the longest path and query string accepted, in characters; longer
 * ones get 414
 */
@ConfigurationProperties("keel.http")
record HttpProperties(DataSize maxBodySize, int maxUriLength) {

	HttpProperties {
		if (maxBodySize == null || maxBodySize.toBytes() <= 0) {
			throw new IllegalArgumentException("keel.http.max-body-size must be positive");
		}
		if (maxUriLength < 1) {
			throw new IllegalArgumentException("keel.http.max-uri-length must be positive");
		}
	}

}
