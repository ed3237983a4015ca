package dev.keel.search;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The date formats records arrive in, read strictly: a date that cannot be read for
 * certain is refused, never guessed. Times with an offset or zone become UTC; the rest
 * are taken as they are (a timestamp without time zone). Precision is the microsecond, as
 * the databases keep it.
 */
final class ItemDates {

	/**
	 * The earliest and latest years stored: what both databases and ISO-8601 agree on.
	 */
	static final int MIN_YEAR = 1;

	static final int MAX_YEAR = 9999;

	private static final List<DateTimeFormatter> DAYS = List.of(strict(DateTimeFormatter.ISO_LOCAL_DATE),
			// March 30 1985, Mar 30 1985, March 30, 1985
			english("MMMM d[,] uuuu"), english("MMM d[,] uuuu"),
			// 06 Oct 1980, 6 October 1980
			english("d MMM uuuu"), english("d MMMM uuuu"));

	private static final List<DateTimeFormatter> TIMES = List.of(
			// 2014-03-08T15: the hour alone
			english("uuuu-MM-dd'T'HH"), strict(DateTimeFormatter.ISO_LOCAL_DATE_TIME),
			strict(new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE)
				.appendLiteral(' ')
				.append(DateTimeFormatter.ISO_LOCAL_TIME)
				.toFormatter(Locale.ROOT)));

	// With an offset (2014-03-08T15:30:00+02:00, ...Z) and maybe a zone ([Europe/Paris]).
	private static final DateTimeFormatter ZONED = strict(DateTimeFormatter.ISO_ZONED_DATE_TIME);

	private static final Pattern NO_YEAR = Pattern
		.compile("(\\p{L}+\\.?\\s+\\d{1,2}|\\d{1,2}\\s+\\p{L}+\\.?)(st|nd|rd|th)?");

	private ItemDates() {
	}

	/** A record's date as stored; {@link UnreadableDate} says why there is none. */
	static LocalDateTime parse(String text) {
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			throw new UnreadableDate("is empty");
		}
		// The format is found without parsing in earnest: a failed parse throws, and
		// records come by the hundred thousand.
		try {
			for (DateTimeFormatter format : DAYS) {
				if (fits(format, trimmed)) {
					return checked(LocalDate.parse(trimmed, format).atStartOfDay());
				}
			}
			for (DateTimeFormatter format : TIMES) {
				if (fits(format, trimmed)) {
					return checked(LocalDateTime.parse(trimmed, format));
				}
			}
			if (fits(ZONED, trimmed)) {
				return checked(
						ZonedDateTime.parse(trimmed, ZONED).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
			}
		}
		// The text has the shape of a format but names no real day or time (February 30).
		catch (DateTimeException ex) {
			throw new UnreadableDate("'" + trimmed + "' is not a real date and time");
		}
		if (NO_YEAR.matcher(trimmed).matches()) {
			throw new UnreadableDate("'" + trimmed + "' has no year");
		}
		throw new UnreadableDate("'" + trimmed + "' is not a date in a known format");
	}

	private static boolean fits(DateTimeFormatter format, String text) {
		ParsePosition position = new ParsePosition(0);
		return format.parseUnresolved(text, position) != null && position.getIndex() == text.length();
	}

	/**
	 * A date as the API shows it: ISO-8601, seconds always, a fraction when there is one.
	 */
	static String text(LocalDateTime date) {
		return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(date);
	}

	private static LocalDateTime checked(LocalDateTime date) {
		if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
			throw new UnreadableDate("year " + date.getYear() + " is outside " + MIN_YEAR + " to " + MAX_YEAR);
		}
		return date.truncatedTo(ChronoUnit.MICROS);
	}

	private static DateTimeFormatter english(String pattern) {
		return new DateTimeFormatterBuilder().parseCaseInsensitive()
			.appendPattern(pattern)
			.toFormatter(Locale.ENGLISH)
			.withResolverStyle(ResolverStyle.STRICT);
	}

	private static DateTimeFormatter strict(DateTimeFormatter format) {
		return format.withResolverStyle(ResolverStyle.STRICT);
	}

	/** A date that cannot be read for certain. */
	static final class UnreadableDate extends RuntimeException {

		UnreadableDate(String reason) {
			super(reason, null, false, false);
		}

	}

}
