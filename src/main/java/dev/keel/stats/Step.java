package dev.keel.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The width of a bucket of counts over time: one UTC hour or one UTC day. */
enum Step {

	HOUR(Duration.ofHours(1), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC)),

	DAY(Duration.ofDays(1), DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC));

	private final Duration width;

	private final DateTimeFormatter names;

	Step(Duration width, DateTimeFormatter names) {
		this.width = width;
		this.names = names;
	}

	Duration width() {
		return this.width;
	}

	long seconds() {
		return this.width.toSeconds();
	}

	/** The start of the bucket {@code at} falls in. */
	Instant start(Instant at) {
		return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds()) * seconds());
	}

	boolean aligns(Instant at) {
		return at.getNano() == 0 && Math.floorMod(at.getEpochSecond(), seconds()) == 0;
	}

	/**
	 * The bucket's name in store keys: {@code h:2026-12-07T10} or {@code d:2026-12-07}.
	 */
	String bucket(Instant start) {
		return name().substring(0, 1).toLowerCase(Locale.ROOT) + ":" + this.names.format(start);
	}

	/** As the API writes it: {@code hour}, {@code day}. */
	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
