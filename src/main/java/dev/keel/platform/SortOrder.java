package dev.keel.platform;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The order of a list: one column from a fixed set, ascending or descending ({@code -}
 * prefix), always followed by {@code id} in the same direction so that the order is total
 * and a keyset cursor can resume it. Null dates sort last either way.
 *
 * @param name the sort as the client wrote it
 * @param column the column, from the fixed set only (it becomes part of the SQL)
 * @param descending whether the order is descending
 * @param type {@code String}, {@code LocalDate}, {@code LocalDateTime} or {@code Long}
 */
public record SortOrder(String name, String column, boolean descending, Class<?> type) {

	/** A sortable column and the type of its values. */
	public record Column(String name, Class<?> type) {

	}

	public static SortOrder parse(@Nullable String text, Map<String, Column> allowed) {
		String sort = (text != null) ? text : "id";
		boolean descending = sort.startsWith("-");
		Column column = allowed.get(descending ? sort.substring(1) : sort);
		if (column == null) {
			throw new InvalidInput("sort", "'" + sort + "' is not one of " + allowed.keySet().stream().sorted().toList()
					+ " (prefix - for descending)");
		}
		return new SortOrder(sort, column.name(), descending, column.type());
	}

	/** Whether rows may lack the sort value (a date), and then sort last. */
	public boolean nullsLast() {
		return this.type == LocalDate.class;
	}

	/** {@code ORDER BY} of this sort, on a table aliased {@code t}. */
	public String orderBy() {
		if (this.column.equals("id")) {
			return idOrder();
		}
		return "t." + this.column + direction() + (nullsLast() ? " NULLS LAST" : "") + ", t.id" + direction();
	}

	/** {@code ORDER BY} among rows that all have the sort value, or all lack it. */
	public String orderWithin() {
		return this.column.equals("id") ? idOrder() : "t." + this.column + direction() + ", t.id" + direction();
	}

	public String idOrder() {
		return "t.id" + direction();
	}

	private String direction() {
		return this.descending ? " DESC" : " ASC";
	}

	/**
	 * The condition for rows after the cursor's key, binding {@code :after_value} and
	 * {@code :after_id}; null when the page is no cursor page.
	 */
	public @Nullable String after(PageRequest page) {
		if (page.after() == null) {
			return null;
		}
		if (this.column.equals("id")) {
			return idAfter();
		}
		if (page.afterValue(0) == null) {
			return "(t." + this.column + " IS NULL AND " + idAfter() + ")";
		}
		return nullsLast() ? "(" + keyset() + " OR t." + this.column + " IS NULL)" : keyset();
	}

	/** Rows after the cursor's key among those that have the sort value. */
	public String keyset() {
		return "(t." + this.column + ", t.id) " + beyond() + " (:after_value, :after_id)";
	}

	/** Rows after the cursor's id, for rows that tie on the sort value. */
	public String idAfter() {
		return "t.id " + beyond() + " :after_id";
	}

	private String beyond() {
		return this.descending ? "<" : ">";
	}

	/** The cursor's sort value as the column's type, for {@code :after_value}. */
	public @Nullable Object afterValue(PageRequest page) {
		String value = page.afterValue(0);
		if (value == null || this.type == String.class) {
			return value;
		}
		try {
			if (this.type == LocalDate.class) {
				return LocalDate.parse(value);
			}
			return (this.type == LocalDateTime.class) ? LocalDateTime.parse(value) : Long.valueOf(value);
		}
		catch (DateTimeParseException | NumberFormatException ex) {
			throw new InvalidInput("cursor", "is not one this service issued");
		}
	}

	public long afterId(PageRequest page) {
		try {
			return Long.parseLong(page.afterValue(1));
		}
		catch (NumberFormatException | NullPointerException | IndexOutOfBoundsException ex) {
			throw new InvalidInput("cursor", "is not one this service issued");
		}
	}

	/** The cursor key of a row: its sort value (as text) and id. */
	public static List<@Nullable String> key(@Nullable Object value, long id) {
		return Arrays.asList((value != null) ? value.toString() : null, Long.toString(id));
	}

}
