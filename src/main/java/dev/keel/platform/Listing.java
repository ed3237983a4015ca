package dev.keel.platform;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One page of a list over table {@code t}: the filters, the keyset condition of a cursor
 * page, the order, and one row more than asked for, which tells whether a next page
 * exists. The total is counted unless the cursor carries it.
 */
public final class Listing {

	private final List<String> conditions = new ArrayList<>();

	// The substring conditions (and what narrows them), also in conditions.
	private final List<String> matching = new ArrayList<>();

	private final Map<String, Object> params = new HashMap<>();

	private final StringBuilder canonical = new StringBuilder();

	private boolean countInPage;

	private boolean substring;

	/** Adds a condition on {@code t} binding {@code value} as {@code :name}. */
	public Listing where(String condition, String name, Object value) {
		this.conditions.add(condition);
		this.params.put(name, value);
		this.canonical.append(name).append('=').append(encoded(value.toString())).append('&');
		return this;
	}

	/** Counts the matches in the page's own query: for filters that match few rows. */
	public Listing countInPage() {
		this.countInPage = true;
		return this;
	}

	/** Adds a case-insensitive substring match of {@code column} on {@code term}. */
	public Listing contains(String column, String name, String term) {
		// Both sides lower-cased by the database, so that they agree whatever its locale.
		return matches("LOWER(t." + column + ")", "LOWER(:" + name + ")", name, term);
	}

	/**
	 * Adds a substring match of {@code expression} (over {@code t}) on {@code term}, as
	 * the caller prepared both: for a column that holds text already folded.
	 */
	public Listing containsFolded(String expression, String name, String term) {
		return matches(expression, ":" + name, name, term);
	}

	/**
	 * Adds a condition that every row a substring filter matches meets anyway, binding
	 * {@code value} as {@code :name}: an index can find those rows faster. The query it
	 * answers stays the same, and so do its cache key and cursors.
	 */
	public Listing narrow(String condition, String name, Object value) {
		this.conditions.add(condition);
		this.matching.add(condition);
		this.params.put(name, value);
		return this;
	}

	/**
	 * {@code text} with backslash, {@code %} and {@code _} escaped for a LIKE pattern.
	 */
	public static String escaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private Listing matches(String expression, String pattern, String name, String term) {
		String escaped = escaped(term);
		String condition = expression + " LIKE " + pattern + " ESCAPE '\\'";
		this.conditions.add(condition);
		this.matching.add(condition);
		this.countInPage = true;
		this.substring = true;
		this.params.put(name, "%" + escaped + "%");
		this.canonical.append(name).append("~=").append(encoded(term)).append('&');
		return this;
	}

	// Encoded, so that no value can spell out another filter.
	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The filters and sort as text: the cache key and the cursor's fingerprint. */
	public String canonical(SortOrder sort) {
		return this.canonical + "sort=" + sort.name();
	}

	public <T> Page<T> page(JdbcClient jdbc, String table, String columns, SortOrder sort, PageRequest page,
			RowMapper<T> rows, Function<T, List<@Nullable String>> keyOf) {
		Map<String, @Nullable Object> params = new HashMap<>(this.params);
		if (page.after() != null) {
			params.put("after_value", sort.afterValue(page));
			params.put("after_id", sort.afterId(page));
		}
		params.put("offset", page.offset());
		params.put("rows", page.limit() + 1);
		boolean split = !this.substring && sort.nullsLast();
		// A substring filter visits every match anyway (through the trigram index on
		// PostgreSQL), and an author's books are few, so the same pass counts them; other
		// filters count on their own, where an index-only count is far cheaper than a
		// window over whole rows. A split source holds only the rows up to the page.
		boolean countAlong = page.total() == null && this.countInPage && !split;
		long[] counted = { -1 };
		RowMapper<T> mapper = countAlong ? (rs, n) -> {
			counted[0] = rs.getLong("full_count");
			return rows.mapRow(rs, n);
		} : rows;
		String source = this.substring ? matchesFirst(table, columns, sort, page)
				: split ? datedThenUndated(table, columns, sort, page) : table + " t" + where(sort.after(page));
		List<T> found = jdbc
			.sql("SELECT " + (source.startsWith("(") ? "t.*" : columns)
					+ (countAlong ? ", COUNT(*) OVER () AS full_count" : "") + " FROM " + source + " ORDER BY "
					+ sort.orderBy() + " OFFSET :offset ROWS FETCH FIRST :rows ROWS ONLY")
			.params(params)
			.query(mapper)
			.list();
		long total = (page.total() != null) ? page.total() : (counted[0] >= 0) ? counted[0] : count(jdbc, table);
		String next = null;
		if (found.size() > page.limit()) {
			found = found.subList(0, page.limit());
			next = PageRequest.cursor(canonical(sort), total, keyOf.apply(found.get(found.size() - 1)));
		}
		return new Page<>(List.copyOf(found), page.limit(), page.offset(), total, next);
	}

	// PostgreSQL plans a statement the driver has prepared once for any value. For a
	// substring filter that generic plan would walk the sort's index until enough rows
	// match (seconds for a rare term); inside a subquery it cannot, so the matches are
	// found first, through their own index, then filtered further and sorted. The
	// other filters stay outside: the generic plan would read their indexes too, for
	// ranges that can be wide.
	private String matchesFirst(String table, String columns, SortOrder sort, PageRequest page) {
		List<String> others = new ArrayList<>(this.conditions);
		others.removeAll(this.matching);
		String after = sort.after(page);
		if (after != null) {
			others.add(after);
		}
		return "(SELECT " + columns + " FROM " + table + " t WHERE " + String.join(" AND ", this.matching)
				+ " OFFSET 0 ROWS) t" + (others.isEmpty() ? "" : " WHERE " + String.join(" AND ", others));
	}

	// Missing dates sort last, which no index on the column gives in both directions, and
	// a cursor over "later rows or a missing date" is no index range. So the rows with a
	// date and those without are read apart, each in index order up to the page, and
	// joined.
	private String datedThenUndated(String table, String columns, SortOrder sort, PageRequest page) {
		// A number, not a parameter: H2 keeps the first value of a parameter there.
		String window = " FETCH FIRST " + (page.offset() + page.limit() + 1) + " ROWS ONLY";
		boolean inUndated = page.after() != null && page.afterValue(0) == null;
		String undated = "SELECT " + columns + " FROM " + table + " t"
				+ where("t." + sort.column() + " IS NULL", inUndated ? sort.idAfter() : null) + " ORDER BY "
				+ sort.idOrder() + window;
		if (inUndated) {
			return "(" + undated + ") t";
		}
		String dated = "SELECT " + columns + " FROM " + table + " t"
				+ where("t." + sort.column() + " IS NOT NULL", (page.after() != null) ? sort.keyset() : null)
				+ " ORDER BY " + sort.orderWithin() + window;
		return "((" + dated + ") UNION ALL (" + undated + ")) t";
	}

	private String where(@Nullable String... more) {
		List<String> where = new ArrayList<>(this.conditions);
		for (String condition : more) {
			if (condition != null) {
				where.add(condition);
			}
		}
		return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
	}

	private long count(JdbcClient jdbc, String table) {
		return jdbc.sql("SELECT COUNT(*) FROM " + table + " t" + where())
			.params(this.params)
			.query(Long.class)
			.single();
	}

}
