package dev.keel.platform;

import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with a JSON body in the API's own terms: the field at fault, as the
 * client spells it, and the rule it broke. Jackson's own messages name Java types and
 * Jackson settings, which mean nothing to a client, so they are never passed on.
 */
public final class JsonProblems {

	private JsonProblems() {
	}

	/** The failure as bad input naming the field (or {@code fallbackField}). */
	public static InvalidInput describe(JacksonException ex, String fallbackField) {
		String field = field(ex);
		InvalidInput rule = cause(ex, InvalidInput.class);
		if (rule != null) {
			return new InvalidInput(field.isEmpty() ? rule.field() : field, rule.reason());
		}
		if (ex instanceof UnrecognizedPropertyException unknown) {
			return new InvalidInput(String.valueOf(unknown.getPropertyName()), "unknown field");
		}
		if (ex instanceof StreamConstraintsException) {
			return new InvalidInput(fallbackField, limit(ex));
		}
		if (ex instanceof UnexpectedEndOfInputException) {
			return new InvalidInput(fallbackField, "the JSON ends before it is complete");
		}
		if (!field.isEmpty()) {
			if (ex instanceof InvalidFormatException invalid) {
				return new InvalidInput(field,
						"'" + invalid.getValue() + "' is not a valid " + typeName(invalid.getTargetType()));
			}
			if (ex instanceof InputCoercionException coercion) {
				return new InvalidInput(field, "is out of range for a " + typeName(coercion.getTargetType()));
			}
			if (ex instanceof MismatchedInputException mismatch) {
				return new InvalidInput(field, "has the wrong type, expected " + typeName(mismatch.getTargetType()));
			}
			return new InvalidInput(field, "is not valid JSON" + where(ex));
		}
		if (ex instanceof MismatchedInputException mismatch) {
			// Jackson reports both of these at the top with no other way to tell them
			// apart.
			if (String.valueOf(mismatch.getOriginalMessage()).startsWith("Trailing token")) {
				return new InvalidInput(fallbackField, "goes on after its JSON value" + where(ex));
			}
			return new InvalidInput(fallbackField, "must be a JSON " + typeName(mismatch.getTargetType()));
		}
		return new InvalidInput(fallbackField, "is not valid JSON" + where(ex));
	}

	/**
	 * A client's name for a value of {@code type}: number, string, array, object, date.
	 */
	public static String typeName(@Nullable Class<?> type) {
		if (type == null) {
			return "value";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "boolean (true or false)";
		}
		if (CharSequence.class.isAssignableFrom(type) || type == Character.class || type.isEnum()) {
			return "string";
		}
		if (Temporal.class.isAssignableFrom(type)) {
			return "date (YYYY-MM-DD)";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "array";
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord() || type == Object.class) {
			return "object";
		}
		return "value";
	}

	private static String field(JacksonException ex) {
		return ex.getPath()
			.stream()
			.map(ref -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	private static String limit(JacksonException ex) {
		String message = String.valueOf(ex.getOriginalMessage());
		if (message.contains("nesting depth")) {
			return "the JSON is nested too deeply";
		}
		if (message.contains("Number value length")) {
			return "holds a number with too many digits";
		}
		if (message.contains("String value length") || message.contains("Name length")) {
			return "holds a string that is too long";
		}
		return "the JSON is too large";
	}

	private static String where(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
