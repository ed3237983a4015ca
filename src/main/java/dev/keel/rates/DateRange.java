package dev.keel.rates;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.keel.platform.InvalidInput;

/** Calendar days from {@code from} to {@code to}, both included. */
record DateRange(LocalDate from, LocalDate to) {

	private static final Pattern ISO_DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	/**
	 * Parses and checks a range given as request parameters; an order or length error
	 * names {@code date_to}.
	 */
	static DateRange parse(@Nullable String from, @Nullable String to, int maxDays) {
		LocalDate start = date("date_from", from);
		LocalDate end = date("date_to", to);
		if (end.isBefore(start)) {
			throw new InvalidInput("date_to", "must not be before date_from (" + start + ")");
		}
		DateRange range = new DateRange(start, end);
		if (range.days() > maxDays) {
			throw new InvalidInput("date_to",
					"the range spans " + range.days() + " days; at most " + maxDays + " are allowed");
		}
		return range;
	}

	long days() {
		return ChronoUnit.DAYS.between(this.from, this.to) + 1;
	}

	List<LocalDate> dates() {
		return this.from.datesUntil(this.to.plusDays(1)).toList();
	}

	private static LocalDate date(String field, @Nullable String text) {
		if (text == null || text.isBlank()) {
			throw new InvalidInput(field, "is required, as YYYY-MM-DD");
		}
		String value = text.strip();
		try {
			// Four-digit years only: ISO also reads +999999999-12-31, which no database
			// stores.
			LocalDate date = ISO_DAY.matcher(value).matches() ? LocalDate.parse(value) : null;
			if (date != null && date.getYear() >= 1) {
				return date;
			}
		}
		catch (DateTimeParseException ex) {
			// answered below
		}
		throw new InvalidInput(field, "'" + text + "' is not a valid date in the form YYYY-MM-DD");
	}

}
