package dev.keel.platform;

import java.time.DateTimeException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A column a list may be sorted by. Whether rows may lack its value is declared, not
 * inferred: a nullable key sorts its missing values last in both directions, which
 * changes the SQL of its pages.
 *
 * @param column the column of the table aliased {@code t} (it becomes part of the SQL, so
 * it comes from code, never from a request)
 * @param nullable whether rows may lack a value
 * @param reader reads a value back from a cursor's text, as the type bound to the column
 */
public record SortKey(String column, boolean nullable, Function<String, Object> reader) {

	/** A column every row has a value in. */
	public static SortKey required(String column, Function<String, Object> reader) {
		return new SortKey(column, false, reader);
	}

	/** A column rows may lack a value in; those rows come last, ascending or not. */
	public static SortKey nullable(String column, Function<String, Object> reader) {
		return new SortKey(column, true, reader);
	}

	/** The cursor's text of a value as the column's type; null stays null. */
	@Nullable Object read(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return this.reader.apply(text);
		}
		catch (IllegalArgumentException | DateTimeException ex) {
			throw new InvalidInput("cursor", "is not one this service issued");
		}
	}

}
