package dev.keel.library;

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

import dev.keel.platform.Page;
import dev.keel.platform.PageRequest;

/**
 * One page of a list over table {@code t}: the filters, the keyset condition of a cursor
 * page, the order, and one row more than asked for, which tells whether a next page
 * exists. The total is counted unless the cursor carries it.
 */
final class Listing {

	private final List<String> conditions = new ArrayList<>();

	private final Map<String, Object> params = new HashMap<>();

	private final StringBuilder canonical = new StringBuilder();

	private boolean countInPage;

	/** Adds a condition on {@code t} binding {@code value} as {@code :name}. */
	Listing where(String condition, String name, Object value) {
		this.conditions.add(condition);
		this.params.put(name, value);
		this.canonical.append(name).append('=').append(encoded(value.toString())).append('&');
		return this;
	}

	/** Counts the matches in the page's own query: for filters that match few rows. */
	Listing countInPage() {
		this.countInPage = true;
		return this;
	}

	/** Adds a case-insensitive substring match of {@code column} on {@code term}. */
	Listing contains(String column, String name, String term) {
		String escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		// Both sides lower-cased by the database, so that they agree whatever its locale.
		this.conditions.add("LOWER(t." + column + ") LIKE LOWER(:" + name + ") ESCAPE '\\'");
		this.countInPage = true;
		this.params.put(name, "%" + escaped + "%");
		this.canonical.append(name).append("~=").append(encoded(term)).append('&');
		return this;
	}

	// Encoded, so that no value can spell out another filter.
	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The filters and sort as text: the cache key and the cursor's fingerprint. */
	String canonical(SortOrder sort) {
		return this.canonical + "sort=" + sort.name();
	}

	<T> Page<T> page(JdbcClient jdbc, String table, String columns, SortOrder sort, PageRequest page, RowMapper<T> rows,
			Function<T, List<@Nullable String>> keyOf) {
		List<String> where = new ArrayList<>(this.conditions);
		Map<String, @Nullable Object> params = new HashMap<>(this.params);
		String after = sort.after(page);
		if (after != null) {
			where.add(after);
			params.put("after_value", sort.afterValue(page));
			params.put("after_id", sort.afterId(page));
		}
		params.put("offset", page.offset());
		params.put("rows", page.limit() + 1);
		// A substring filter visits every match anyway (through the trigram index on
		// PostgreSQL), and an author's books are few, so the same pass counts them; other
		// filters count on their own, where an index-only count is far cheaper than a
		// window over whole rows.
		boolean countAlong = page.total() == null && this.countInPage;
		long[] counted = { -1 };
		RowMapper<T> mapper = countAlong ? (rs, n) -> {
			counted[0] = rs.getLong("full_count");
			return rows.mapRow(rs, n);
		} : rows;
		List<T> found = jdbc
			.sql("SELECT " + columns + (countAlong ? ", COUNT(*) OVER () AS full_count" : "") + " FROM " + table + " t"
					+ (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY " + sort.orderBy()
					+ " OFFSET :offset ROWS FETCH FIRST :rows ROWS ONLY")
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

	private long count(JdbcClient jdbc, String table) {
		String filters = String.join(" AND ", this.conditions);
		return jdbc.sql("SELECT COUNT(*) FROM " + table + " t" + (filters.isEmpty() ? "" : " WHERE " + filters))
			.params(this.params)
			.query(Long.class)
			.single();
	}

}
