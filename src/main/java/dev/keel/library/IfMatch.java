package dev.keel.library;

import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.keel.platform.InvalidInput;

/**
 * An {@code If-Match} header: the versions a write expects, or none (the header is
 * optional, and {@code *} accepts any version; present but empty, it is refused rather
 * than read as absent). Comparison is strong, as RFC 9110 asks of If-Match: a weak tag
 * ({@code W/"3"}) is well-formed but matches no version.
 */
record IfMatch(@Nullable Set<Long> versions) {

	static final IfMatch ANY = new IfMatch(null);

	static IfMatch parse(@Nullable String header) {
		if (header == null || header.strip().equals("*")) {
			return ANY;
		}
		if (header.isBlank()) {
			throw new InvalidInput("If-Match", "is empty; send ETags such as \"3\", or *, or leave the header out");
		}
		Set<Long> versions = new HashSet<>();
		for (String tag : header.split(",")) {
			String value = tag.strip();
			boolean weak = value.startsWith("W/");
			if (weak) {
				value = value.substring(2);
			}
			if (!value.matches("\"[0-9]{1,18}\"")) {
				throw new InvalidInput("If-Match", "'" + header + "' is not a list of ETags such as \"3\"");
			}
			if (!weak) {
				versions.add(Long.parseLong(value.substring(1, value.length() - 1)));
			}
		}
		return new IfMatch(versions);
	}

	/**
	 * Refuses the write (412) unless {@code current} is a version this header accepts.
	 */
	void check(long current) {
		if (this.versions != null && !this.versions.contains(current)) {
			throw new LibraryProblems.StaleVersion(current);
		}
	}

	static String etag(long version) {
		return "\"" + version + "\"";
	}

}
