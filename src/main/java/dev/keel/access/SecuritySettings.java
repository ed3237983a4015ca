package dev.keel.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who must show a key.
 *
 * @param requireKeys whether writes, batches, test runs and admin operations need a key
 * with the right role (production: yes; embedded: no, but a key that is sent must be
 * valid either way)
 * @param reads {@code open} (reads need no key) or {@code key} (reads need a reader key
 * too, wherever keys are required)
 */
@ConfigurationProperties("keel.security")
record SecuritySettings(boolean requireKeys, Reads reads) {

	enum Reads {

		OPEN, KEY

	}

	SecuritySettings {
		if (reads == null) {
			throw new IllegalArgumentException("keel.security.reads must be open or key");
		}
	}

	boolean keyedReads() {
		return this.reads == Reads.KEY;
	}

}
