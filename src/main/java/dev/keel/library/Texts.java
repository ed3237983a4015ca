package dev.keel.library;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

import dev.keel.platform.Characters;
import dev.keel.platform.InvalidInput;

/** The rules the text and date fields of authors and books share. */
final class Texts {

	private Texts() {
	}

	/**
	 * A name or title: trimmed, and with at least one character that shows (zero-width
	 * spaces alone are no name).
	 */
	static String required(@Nullable String value, String field, int maxLength) {
		String trimmed = (value != null) ? value.strip() : "";
		if (trimmed.isEmpty()) {
			throw new InvalidInput(field, "is required (1 to " + maxLength + " characters)");
		}
		String checked = bounded(trimmed, field, maxLength);
		if (!Characters.hasVisible(checked)) {
			throw new InvalidInput(field, "has no visible character");
		}
		return checked;
	}

	static @Nullable String optional(@Nullable String value, String field, int maxLength) {
		return (value != null) ? bounded(value, field, maxLength) : null;
	}

	/** Not after today anywhere on Earth (UTC+14 is the first to reach a date). */
	static @Nullable LocalDate notFuture(@Nullable LocalDate date, String field) {
		if (date != null && date.isAfter(LocalDate.now(ZoneOffset.ofHours(14)))) {
			throw new InvalidInput(field, date + " is in the future");
		}
		return date;
	}

	private static String bounded(String value, String field, int maxLength) {
		Characters.check(field, value);
		if (value.codePointCount(0, value.length()) > maxLength) {
			throw new InvalidInput(field, "is longer than " + maxLength + " characters");
		}
		return value;
	}

}
