package dev.keel.platform;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** Checks on the query string that Spring's binding does not make. */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * Refuses a parameter outside {@code allowed}, so that a misspelt filter is an error
	 * and not a silently ignored one.
	 */
	public static void requireOnly(HttpServletRequest request, Set<String> allowed) {
		for (String name : request.getParameterMap().keySet()) {
			if (!allowed.contains(name)) {
				throw new InvalidInput(name,
						"unknown parameter; expected one of " + allowed.stream().sorted().toList());
			}
		}
	}

	/**
	 * The whole number a parameter holds, or {@code fallback} when it is absent.
	 * @throws InvalidInput naming the parameter when the value is not a whole number from
	 * {@code min} to {@code max}
	 */
	public static long wholeNumber(@Nullable String value, String name, long fallback, long min, long max) {
		if (value == null) {
			return fallback;
		}
		try {
			long number = Long.parseLong(value);
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// answered below, as for a number out of range
		}
		NumberFormat format = NumberFormat.getIntegerInstance(Locale.ENGLISH);
		throw new InvalidInput(name,
				"'" + value + "' is not a whole number from " + format.format(min) + " to " + format.format(max));
	}

}
