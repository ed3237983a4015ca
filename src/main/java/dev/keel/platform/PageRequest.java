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
public record PageRequest(int limit, int offset, @Nullable List<@Nullable String> after, @Nullable Long total) {

	public static final int DEFAULT_LIMIT = 20;

	public static final int MAX_LIMIT = 100;

	public static final int MAX_OFFSET = 10_000;

	// A cursor's parts are encoded one by one, so no value can be taken for a separator;
	// "*" (outside the base64url alphabet) stands for null.
	private static final String NULL = "*";

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
		List<@Nullable String> fields = decode(cursor);
		if (fields.size() < 3 || !fingerprint(query).equals(fields.get(0))) {
			throw new InvalidInput("cursor", "does not belong to this query (its filters and sort must stay the same)");
		}
		try {
			long total = Long.parseLong(String.valueOf(fields.get(1)));
			if (total < 0) {
				throw new NumberFormatException("a negative total");
			}
			return new PageRequest(size, 0, new ArrayList<>(fields.subList(2, fields.size())), total);
		}
		catch (NumberFormatException ex) {
			throw new InvalidInput("cursor", "is not one this service issued");
		}
	}

	/** The cursor of the page after one ending with {@code lastKey}. */
	public static String cursor(String query, long total, List<@Nullable String> lastKey) {
		List<String> parts = new ArrayList<>();
		parts.add(part(fingerprint(query)));
		parts.add(part(Long.toString(total)));
		lastKey.forEach(value -> parts.add((value != null) ? part(value) : NULL));
		return String.join(".", parts);
	}

	/** The cache key of this page of {@code query}: the query, its paging and cursor. */
	public String cacheKey(String query, @Nullable String cursor) {
		return query + "|" + this.limit + "|" + this.offset + "|" + ((cursor != null) ? cursor : "");
	}

	/** The value at {@code index} of the sort key the page starts after. */
	public @Nullable String afterValue(int index) {
		return (this.after != null) ? this.after.get(index) : null;
	}

	/** The id of the sort key the page starts after. */
	long afterId() {
		try {
			return Long.parseLong(afterValue(1));
		}
		catch (NumberFormatException | IndexOutOfBoundsException ex) {
			throw new InvalidInput("cursor", "is not one this service issued");
		}
	}

	private static String part(String value) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static List<@Nullable String> decode(String cursor) {
		try {
			List<@Nullable String> fields = new ArrayList<>();
			for (String part : cursor.split("\\.", -1)) {
				String field = NULL.equals(part) ? null
						: new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
				// A forged key must not reach the database: PostgreSQL refuses U+0000.
				if (field != null && Characters.problem(field) != null) {
					throw new InvalidInput("cursor", "is not one this service issued");
				}
				fields.add(field);
			}
			return fields;
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
