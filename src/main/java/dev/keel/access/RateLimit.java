package dev.keel.access;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token bucket: it holds at most {@code burst} requests' worth and gains {@code tokens}
 * more at the end of every {@code period} (counted from the bucket's first use). A key's
 * own {@code N/PERIOD} limit is one with a burst of N: at most N requests in any period,
 * and never more than N at once.
 */
record RateLimit(long tokens, Duration period, long burst) {

	private static final Pattern RATE = Pattern.compile("([1-9][0-9]{0,8})/([1-9][0-9]{0,5})?([smhd])");

	RateLimit {
		if (tokens < 1 || burst < 1 || period.toMillis() < 1) {
			throw new IllegalArgumentException("a rate limit needs positive tokens, period and burst");
		}
	}

	/**
	 * Reads {@code N/PERIOD}, PERIOD like {@code 1s}, {@code 10m}, {@code 1h},
	 * {@code 1d}; the burst is {@code burst}, or N if null.
	 * @throws IllegalArgumentException naming what is wrong with {@code text}
	 */
	static RateLimit parse(String text, Long burst) {
		Matcher matcher = RATE.matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a rate like 100/1m (requests per period of s, m, h or d)");
		}
		long tokens = Long.parseLong(matcher.group(1));
		long count = (matcher.group(2) != null) ? Long.parseLong(matcher.group(2)) : 1;
		Duration unit = switch (matcher.group(3)) {
			case "s" -> Duration.ofSeconds(1);
			case "m" -> Duration.ofMinutes(1);
			case "h" -> Duration.ofHours(1);
			default -> Duration.ofDays(1);
		};
		return new RateLimit(tokens, unit.multipliedBy(count), (burst != null) ? burst : tokens);
	}

	/** As {@link #parse}: {@code N/PERIOD}, the burst given only if it differs from N. */
	String rate() {
		long seconds = this.period.toSeconds();
		String period = (seconds % 86_400 == 0) ? seconds / 86_400 + "d" : (seconds % 3600 == 0) ? seconds / 3600 + "h"
				: (seconds % 60 == 0) ? seconds / 60 + "m" : seconds + "s";
		return this.tokens + "/" + period;
	}

	/** Seconds an empty bucket takes to fill: the window of its policy header. */
	long windowSeconds() {
		long periods = (this.burst + this.tokens - 1) / this.tokens;
		return Math.max(1, this.period.multipliedBy(periods).toSeconds());
	}

}
