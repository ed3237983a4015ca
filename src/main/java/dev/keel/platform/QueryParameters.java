package dev.keel.platform;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** Checks on request parameters that Spring's binding does not make. */
public final class QueryParameters {

	private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");

	private QueryParameters() {
	}

	/**
	 * Refuses a parameter outside {@code allowed}, so that a misspelt filter is an error
	 * and not a silently ignored one, and a parameter given more than once, so that
	 * {@code limit=1&limit=zzz} is not read as whichever the code happens to pick.
	 */
	public static void requireOnly(HttpServletRequest request, Set<String> allowed) {
		request.getParameterMap().forEach((name, values) -> {
			if (!allowed.contains(name)) {
				throw unknown(Characters.check("query", name), allowed);
			}
			if (values.length > 1) {
				throw repeated(name);
			}
		});
	}

	/** The refusal of parameter {@code name}, which is none of {@code allowed}. */
	static InvalidInput unknown(String name, Set<String> allowed) {
		return new InvalidInput(name, allowed.isEmpty() ? "unknown parameter; this endpoint takes none"
				: "unknown parameter; expected one of " + allowed.stream().sorted().toList());
	}

	/** The refusal of parameter {@code name}, given more than once. */
	static InvalidInput repeated(String name) {
		return new InvalidInput(name, "is given more than once; give it once");
	}

	/**
	 * The text of parameter {@code name}: null when absent or empty (an empty filter is
	 * no filter); a text breaking the {@link Characters} rules is 400.
	 */
	public static @Nullable String text(HttpServletRequest request, String name) {
		String value = request.getParameter(name);
		return (value == null || value.isEmpty()) ? null : Characters.check(name, value);
	}

	/**
	 * The whole number a parameter (or path variable) holds, in plain ASCII digits with
	 * an optional minus, or {@code fallback} when it is absent.
	 * @throws InvalidInput naming the parameter when the value is not a whole number from
	 * {@code min} to {@code max}
	 */
	public static long wholeNumber(@Nullable String value, String name, long fallback, long min, long max) {
		if (value == null) {
			return fallback;
		}
		// Long.parseLong alone would also take "+5" and digits of other scripts.
		if (WHOLE_NUMBER.matcher(value).matches()) {
			long number = Long.parseLong(value);
			if (number >= min && number <= max) {
				return number;
			}
		}
		NumberFormat format = NumberFormat.getIntegerInstance(Locale.ENGLISH);
		throw new InvalidInput(name,
				"'" + value + "' is not a whole number from " + format.format(min) + " to " + format.format(max));
	}

}
