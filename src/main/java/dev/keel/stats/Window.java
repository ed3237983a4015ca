package dev.keel.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.keel.platform.InvalidInput;

/**
 * A span of time the counts are asked for, {@code from} inclusive, {@code to} exclusive,
 * read from the buckets of {@code step}. A {@code to} beyond the bucket now in progress
 * is cut to that bucket's end (nothing was counted later), so a window may be empty when
 * it lies wholly in the future.
 */
record Window(Instant from, Instant to, Step step) {

	/**
	 * The window the parameters {@code from} and {@code to} name, read at {@code now}.
	 * Each is an ISO-8601 instant ({@code 2026-12-07T10:00:00Z}) or a UTC date; a date as
	 * {@code from} is the start of that day, as {@code to} its end. Without {@code step},
	 * a window aligned to days is read from the daily buckets, one aligned to hours from
	 * the hourly ones.
	 * @throws InvalidInput naming the parameter at fault
	 */
	static Window of(@Nullable String fromText, @Nullable String toText, @Nullable Step step, Instant now,
			StatsProperties properties) {
		if (fromText == null) {
			throw new InvalidInput("from", "is required" + ((toText != null) ? " when to is given" : ""));
		}
		if (toText == null) {
			throw new InvalidInput("to", "is required when from is given");
		}
		Instant from = bound("from", fromText, false);
		Instant to = bound("to", toText, true);
		if (!from.isBefore(to)) {
			throw new InvalidInput("from", fromText + " is not before to (" + to + ")");
		}
		Step read = (step != null) ? step : (Step.DAY.aligns(from) && Step.DAY.aligns(to)) ? Step.DAY : Step.HOUR;
		if (!read.aligns(from)) {
			throw new InvalidInput("from", fromText + " is not at the start of a UTC " + read);
		}
		if (!read.aligns(to)) {
			throw new InvalidInput("to", toText + " is not at the start of a UTC " + read);
		}
		Duration retention = properties.retention(read);
		Instant oldest = read.start(now).minus(retention);
		if (from.isBefore(oldest)) {
			throw new InvalidInput("from", fromText + " is older than the " + ((read == Step.DAY) ? "daily" : "hourly")
					+ " counts kept (" + describe(retention) + "); the oldest " + read + " kept starts at " + oldest);
		}
		Instant end = read.start(now).plus(read.width());
		if (to.isAfter(end)) {
			to = from.isBefore(end) ? end : from;
		}
		return new Window(from, to, read);
	}

	/** The start of every bucket in the window, in order. */
	List<Instant> buckets() {
		List<Instant> starts = new ArrayList<>();
		for (Instant at = this.from; at.isBefore(this.to); at = at.plus(this.step.width())) {
			starts.add(at);
		}
		return starts;
	}

	boolean isEmpty() {
		return !this.from.isBefore(this.to);
	}

	private static Instant bound(String name, String text, boolean end) {
		try {
			if (text.length() == 10) {
				LocalDate day = LocalDate.parse(text);
				return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw new InvalidInput(name, "'" + text + "' is neither an ISO-8601 instant (2026-12-07T10:00:00Z) nor a "
					+ "date (2026-12-07)");
		}
	}

	private static String describe(Duration retention) {
		return (retention.toHours() % 24 == 0) ? retention.toDays() + " days" : retention.toHours() + " hours";
	}

}
