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
 * One page of a list over a table aliased {@code t}: its filters, its order, the page
 * asked for, and the SQL that reads it. A repository builds it in one place from values a
 * controller has parsed ({@link #from}, then {@link Builder#build}) and reads it
 * ({@link #read}); it never changes. The page's query reads one row more than asked for,
 * which tells whether a next page exists; the total is counted unless the cursor carries
 * it.
 */
public final class Listing {

	private final String table;

	private final String columns;

	// Every filter, in the order given.
	private final List<String> conditions;

	// The substring conditions and what narrows them, also in conditions.
	private final List<String> matching;

	private final Map<String, Object> params;

	private final String filters;

	private final boolean countInPage;

	private final boolean substring;

	private final SortOrder sort;

	private final PageRequest page;

	private final @Nullable String cursor;

	private final @Nullable Object afterValue;

	private final long afterId;

	private Listing(Builder builder, List<String> conditions, List<String> matching, Map<String, Object> params,
			SortOrder sort, Paging paging) {
		this.table = builder.table;
		this.columns = builder.columns;
		this.conditions = List.copyOf(conditions);
		this.matching = List.copyOf(matching);
		this.params = Map.copyOf(params);
		this.filters = builder.filters.toString();
		this.countInPage = builder.countInPage;
		this.substring = builder.substring;
		this.sort = sort;
		this.page = paging.read(canonical());
		this.cursor = paging.cursor();
		this.afterValue = (this.page.after() != null) ? sort.key().read(this.page.afterValue(0)) : null;
		this.afterId = (this.page.after() != null) ? this.page.afterId() : 0;
	}

	private Listing(Listing listing, String condition, String name, Object value) {
		this.table = listing.table;
		this.columns = listing.columns;
		this.conditions = append(listing.conditions, condition);
		this.matching = append(listing.matching, condition);
		Map<String, Object> params = new HashMap<>(listing.params);
		params.put(name, value);
		this.params = Map.copyOf(params);
		this.filters = listing.filters;
		this.countInPage = listing.countInPage;
		this.substring = listing.substring;
		this.sort = listing.sort;
		this.page = listing.page;
		this.cursor = listing.cursor;
		this.afterValue = listing.afterValue;
		this.afterId = listing.afterId;
	}

	/**
	 * A list over {@code table}, reading {@code columns} (qualified with {@code t.}).
	 * Both come from code, never from a request: they become part of the SQL.
	 */
	public static Builder from(String table, String columns) {
		return new Builder(table, columns);
	}

	/**
	 * {@code text} with backslash, {@code %} and {@code _} escaped for a LIKE pattern.
	 */
	public static String escaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/**
	 * This list with one more condition, which every row a substring filter matches meets
	 * anyway, binding {@code value} as {@code :name}: an index can find those rows
	 * faster. The rows it answers stay the same, and so do its cache key and cursors.
	 */
	public Listing narrowed(String condition, String name, Object value) {
		return new Listing(this, condition, name, value);
	}

	public SortOrder sort() {
		return this.sort;
	}

	public PageRequest page() {
		return this.page;
	}

	/** The filters and sort as text: the cursor's fingerprint. */
	public String canonical() {
		return this.filters + "sort=" + this.sort.name();
	}

	/** The cache key of this page: the filters, sort, paging and cursor. */
	public String cacheKey() {
		return this.page.cacheKey(canonical(), this.cursor);
	}

	/**
	 * Reads the page: {@code rows} maps a row, {@code keyOf} gives an item's sort key
	 * (see {@link SortOrder#key}) for the next page's cursor.
	 */
	public <T> Page<T> read(JdbcClient jdbc, RowMapper<T> rows, Function<T, List<@Nullable String>> keyOf) {
		long[] counted = { -1 };
		RowMapper<T> mapper = countsAlong() ? (rs, n) -> {
			counted[0] = rs.getLong("full_count");
			return rows.mapRow(rs, n);
		} : rows;
		Statement select = select();
		List<T> found = jdbc.sql(select.sql()).params(select.params()).query(mapper).list();
		long total;
		if (this.page.total() != null) {
			total = this.page.total();
		}
		else if (counted[0] >= 0) {
			total = counted[0];
		}
		else {
			Statement count = count();
			total = jdbc.sql(count.sql()).params(count.params()).query(Long.class).single();
		}
		String next = null;
		if (found.size() > this.page.limit()) {
			found = found.subList(0, this.page.limit());
			next = PageRequest.cursor(canonical(), total, keyOf.apply(found.get(found.size() - 1)));
		}
		return new Page<>(List.copyOf(found), this.page.limit(), this.page.offset(), total, next);
	}

	/** A statement and the values of its named parameters. */
	record Statement(String sql, Map<String, @Nullable Object> params) {

	}

	// A substring filter visits every match anyway (through the trigram index on
	// PostgreSQL), and an author's books are few, so the same pass counts them; other
	// filters count on their own, where an index-only count is far cheaper than a window
	// over whole rows. A split source holds only the rows up to the page.
	boolean countsAlong() {
		return this.page.total() == null && this.countInPage && !split();
	}

	private boolean split() {
		return !this.substring && this.sort.nullsLast();
	}

	/** The query of the page, with one row more than asked for. */
	Statement select() {
		Map<String, @Nullable Object> params = new HashMap<>(this.params);
		if (this.page.after() != null) {
			params.put("after_value", this.afterValue);
			params.put("after_id", this.afterId);
		}
		params.put("offset", this.page.offset());
		params.put("rows", this.page.limit() + 1);
		String source = this.substring ? matchesFirst()
				: split() ? datedThenUndated() : this.table + " t" + where(after());
		String sql = "SELECT " + (source.startsWith("(") ? "t.*" : this.columns)
				+ (countsAlong() ? ", COUNT(*) OVER () AS full_count" : "") + " FROM " + source + " ORDER BY "
				+ this.sort.orderBy() + " OFFSET :offset ROWS FETCH FIRST :rows ROWS ONLY";
		return new Statement(sql, params);
	}

	/** The query counting every row the filters match. */
	Statement count() {
		return new Statement("SELECT COUNT(*) FROM " + this.table + " t" + where(), new HashMap<>(this.params));
	}

	private @Nullable String after() {
		return (this.page.after() != null) ? this.sort.after(this.page.afterValue(0) == null) : null;
	}

	// PostgreSQL plans a statement the driver has prepared once for any value. For a
	// substring filter that generic plan would walk the sort's index until enough rows
	// match (seconds for a rare term); inside a subquery it cannot, so the matches are
	// found first, through their own index, then filtered further and sorted. The
	// other filters stay outside: the generic plan would read their indexes too, for
	// ranges that can be wide.
	private String matchesFirst() {
		List<String> others = new ArrayList<>(this.conditions);
		others.removeAll(this.matching);
		String after = after();
		if (after != null) {
			others.add(after);
		}
		return "(SELECT " + this.columns + " FROM " + this.table + " t WHERE " + String.join(" AND ", this.matching)
				+ " OFFSET 0 ROWS) t" + (others.isEmpty() ? "" : " WHERE " + String.join(" AND ", others));
	}

	// Missing values sort last, which no index on the column gives in both directions,
	// and a cursor over "later rows or a missing value" is no index range. So the rows
	// with a value and those without are read apart, each in index order up to the page,
	// and joined.
	private String datedThenUndated() {
		// A number, not a parameter: H2 keeps the first value of a parameter there.
		String window = " FETCH FIRST " + (this.page.offset() + this.page.limit() + 1) + " ROWS ONLY";
		boolean inUndated = this.page.after() != null && this.page.afterValue(0) == null;
		String undated = "SELECT " + this.columns + " FROM " + this.table + " t"
				+ where("t." + this.sort.column() + " IS NULL", inUndated ? this.sort.idAfter() : null) + " ORDER BY "
				+ this.sort.idOrder() + window;
		if (inUndated) {
			return "(" + undated + ") t";
		}
		String dated = "SELECT " + this.columns + " FROM " + this.table + " t"
				+ where("t." + this.sort.column() + " IS NOT NULL",
						(this.page.after() != null) ? this.sort.keyset() : null)
				+ " ORDER BY " + this.sort.orderWithin() + window;
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

	private static List<String> append(List<String> list, String element) {
		List<String> appended = new ArrayList<>(list);
		appended.add(element);
		return appended;
	}

	/**
	 * The filters of a list, given once: conditions over {@code t} with named parameters.
	 * Parameter names are also the filters' names in the cache key and cursor.
	 */
	public static final class Builder {

		private final String table;

		private final String columns;

		private final List<String> conditions = new ArrayList<>();

		private final List<String> matching = new ArrayList<>();

		private final Map<String, Object> params = new HashMap<>();

		private final StringBuilder filters = new StringBuilder();

		private boolean countInPage;

		private boolean substring;

		private Builder(String table, String columns) {
			this.table = table;
			this.columns = columns;
		}

		/** Adds a condition on {@code t} binding {@code value} as {@code :name}. */
		public Builder where(String condition, String name, Object value) {
			this.conditions.add(condition);
			this.params.put(name, value);
			this.filters.append(name).append('=').append(encoded(value.toString())).append('&');
			return this;
		}

		/**
		 * Counts the matches in the page's own query: for filters that match few rows.
		 */
		public Builder countInPage() {
			this.countInPage = true;
			return this;
		}

		/** Adds a case-insensitive substring match of {@code column} on {@code term}. */
		public Builder contains(String column, String name, String term) {
			// Both sides lower-cased by the database, so that they agree whatever its
			// locale.
			return matches("LOWER(t." + column + ")", "LOWER(:" + name + ")", name, term);
		}

		/**
		 * Adds a substring match of {@code expression} (over {@code t}) on {@code term},
		 * as the caller prepared both: for a column that holds text already folded.
		 */
		public Builder containsFolded(String expression, String name, String term) {
			return matches(expression, ":" + name, name, term);
		}

		private Builder matches(String expression, String pattern, String name, String term) {
			String condition = expression + " LIKE " + pattern + " ESCAPE '\\'";
			this.conditions.add(condition);
			this.matching.add(condition);
			this.countInPage = true;
			this.substring = true;
			this.params.put(name, "%" + escaped(term) + "%");
			this.filters.append(name).append("~=").append(encoded(term)).append('&');
			return this;
		}

		/**
		 * The list in {@code sort}, at the page {@code paging} asks for.
		 * @throws InvalidInput when the paging is out of bounds or its cursor was issued
		 * for other filters or another sort
		 */
		public Listing build(SortOrder sort, Paging paging) {
			return new Listing(this, this.conditions, this.matching, this.params, sort, paging);
		}

		// Encoded, so that no value can spell out another filter.
		private static String encoded(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
