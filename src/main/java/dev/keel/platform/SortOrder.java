package dev.keel.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The order of a list: one key from a fixed set, ascending or descending ({@code -}
 * prefix), always followed by {@code id} in the same direction so that the order is total
 * and a keyset cursor can resume it. A {@link SortKey#nullable() nullable} key's missing
 * values sort last either way.
 *
 * @param name the sort as the client wrote it
 * @param key the sorted column
 * @param descending whether the order is descending
 */
public record SortOrder(String name, SortKey key, boolean descending) {

	public static SortOrder parse(@Nullable String text, Map<String, SortKey> allowed) {
		String sort = (text != null) ? text : "id";
		boolean descending = sort.startsWith("-");
		SortKey key = allowed.get(descending ? sort.substring(1) : sort);
		if (key == null) {
			throw new InvalidInput("sort", "'" + sort + "' is not one of " + allowed.keySet().stream().sorted().toList()
					+ " (prefix - for descending)");
		}
		return new SortOrder(sort, key, descending);
	}

	/** The sorted column. */
	public String column() {
		return this.key.column();
	}

	/** Whether rows may lack the sort value, and then sort last. */
	boolean nullsLast() {
		return this.key.nullable();
	}

	/** {@code ORDER BY} of this sort, on a table aliased {@code t}. */
	String orderBy() {
		if (column().equals("id")) {
			return idOrder();
		}
		return "t." + column() + direction() + (nullsLast() ? " NULLS LAST" : "") + ", t.id" + direction();
	}

	/** {@code ORDER BY} among rows that all have the sort value, or all lack it. */
	String orderWithin() {
		return column().equals("id") ? idOrder() : "t." + column() + direction() + ", t.id" + direction();
	}

	String idOrder() {
		return "t.id" + direction();
	}

	private String direction() {
		return this.descending ? " DESC" : " ASC";
	}

	/**
	 * The condition for rows after a cursor's key, binding {@code :after_value} and
	 * {@code :after_id}; {@code valueMissing} when the key's row lacks the sort value.
	 */
	String after(boolean valueMissing) {
		if (column().equals("id")) {
			return idAfter();
		}
		if (valueMissing) {
			return "(t." + column() + " IS NULL AND " + idAfter() + ")";
		}
		return nullsLast() ? "(" + keyset() + " OR t." + column() + " IS NULL)" : keyset();
	}

	/** Rows after the cursor's key among those that have the sort value. */
	String keyset() {
		return "(t." + column() + ", t.id) " + beyond() + " (:after_value, :after_id)";
	}

	/** Rows after the cursor's id, for rows that tie on the sort value. */
	String idAfter() {
		return "t.id " + beyond() + " :after_id";
	}

	private String beyond() {
		return this.descending ? "<" : ">";
	}

	/** The cursor key of a row: its sort value (as text) and id. */
	public static List<@Nullable String> key(@Nullable Object value, long id) {
		return Arrays.asList((value != null) ? value.toString() : null, Long.toString(id));
	}

}
