package dev.keel.platform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The paging parameters of a list request: {@code limit}, and either {@code offset} or a
 * {@code cursor} from an earlier page's {@code next}.
 * <p>
 * A cursor is opaque to clients. It holds the sort key of the last item of the page it
 * came from, the total of that page (so deeper pages need not count again), and a
 * fingerprint of the query; a cursor used with other filters or another sort is refused
 * with 400 rather than answered with a page of some other list.
 *
 * @param limit the page size
 * @param offset the items to skip, {@code 0} with a cursor
 * @param after the sort key the page starts after, or {@code null} for the first page
 * @param total the total carried by the cursor, or {@code null} to count it
 */
public record PageRequest(int limit, int offset, @Nullable List<String> after, @Nullable Long total) {

	public static final int DEFAULT_LIMIT = 20;

	public static final int MAX_LIMIT = 100;

	public static final int MAX_OFFSET = 10_000;

	/**
	 * Reads {@code limit}, {@code offset} and {@code cursor}; {@code query} is the
	 * canonical form of the other parameters, which a cursor must have been issued for.
	 */
	public static PageRequest of(@Nullable String limit, @Nullable String offset, @Nullable String cursor,
			String query) {
		int size = (int) QueryParameters.wholeNumber(limit, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
		int skip = (int) QueryParameters.wholeNumber(offset, "offset", 0, 0, MAX_OFFSET);
		if (cursor == null) {
			return new PageRequest(size, skip, null, null);
		}
		if (offset != null) {
			throw new InvalidInput("offset", "give offset or cursor, not both");
		}
		List<String> fields = decode(cursor);
		if (fields.size() < 3 || !fields.get(0).equals(fingerprint(query))) {
			throw new InvalidInput("cursor", "does not belong to this query (its filters and sort must stay the same)");
		}
		try {
			long total = Long.parseLong(fields.get(1));
			return new PageRequest(size, 0, List.copyOf(fields.subList(2, fields.size())), total);
		}
		catch (NumberFormatException ex) {
			throw new InvalidInput("cursor", "is not one this service issued");
		}
	}

	/** The cursor of the page after one ending with {@code lastKey}. */
	public static String cursor(String query, long total, List<@Nullable String> lastKey) {
		List<String> fields = new ArrayList<>();
		fields.add(fingerprint(query));
		fields.add(Long.toString(total));
		// "\0" stands for null: no value of a sort key contains it.
		lastKey.forEach(value -> fields.add((value != null) ? value : "\0"));
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(String.join("\u0001", fields).getBytes(StandardCharsets.UTF_8));
	}

	/** The value at {@code index} of the sort key the page starts after. */
	public @Nullable String afterValue(int index) {
		String value = (this.after != null) ? this.after.get(index) : null;
		return "\0".equals(value) ? null : value;
	}

	private static List<String> decode(String cursor) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			return List.of(text.split("\u0001", -1));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInput("cursor", "is not one this service issued");
		}
	}

	// Not a secret: it only has to tell queries apart.
	private static String fingerprint(String query) {
		return Integer.toHexString(query.hashCode());
	}

}
