package dev.keel.search;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.keel.platform.Database;
import dev.keel.platform.Listing;
import dev.keel.platform.Page;
import dev.keel.platform.Paging;
import dev.keel.platform.SortKey;
import dev.keel.platform.SortOrder;

/** The {@code search_items} table. */
@Repository
class Items {

	/** Newest first; the cursor and the envelope are the library's. */
	static final SortOrder NEWEST_FIRST = new SortOrder("-date", SortKey.required("item_date", LocalDateTime::parse),
			true);

	private static final String COLUMNS = "t.id, t.title, t.url, t.item_date";

	// Most words one piece of a title term may stand for and still narrow the search.
	private static final int MAX_WORDS = 1000;

	// Pieces of a term looked up, the longest: a few narrow enough, and a term of many
	// pieces must not cost a query each.
	private static final int MAX_PIECES = 3;

	// Rows per INSERT: 6 parameters each, well under PostgreSQL's 32,767 per statement.
	private static final int CHUNK = 1000;

	private static final RowMapper<Item> ITEM = (rs, n) -> new Item(rs.getLong("id"), rs.getString("title"),
			rs.getString("url"), ItemDates.text(rs.getObject("item_date", LocalDateTime.class)));

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final Database database;

	Items(JdbcClient jdbc, JdbcTemplate template, Database database) {
		this.jdbc = jdbc;
		this.template = template;
		this.database = database;
	}

	Optional<Item> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM search_items t WHERE t.id = :id")
			.param("id", id)
			.query(ITEM)
			.optional();
	}

	/**
	 * A page of the items, newest first, dated from {@code from} (inclusive) until
	 * {@code until} (exclusive), whose folded title contains {@code term} and whose URL
	 * contains {@code uri}; each filter applies only when given.
	 */
	static Listing query(@Nullable LocalDateTime from, @Nullable LocalDateTime until, @Nullable String term,
			@Nullable String uri, Paging paging) {
		Listing.Builder query = Listing.from("search_items", COLUMNS);
		if (from != null) {
			query.where("t.item_date >= :after", "after", from);
		}
		if (until != null) {
			query.where("t.item_date < :before_end", "before_end", until);
		}
		if (term != null) {
			query.containsFolded("t.folded_title", "contains", term);
		}
		if (uri != null) {
			query.contains("url", "uri", uri);
		}
		return query.build(NEWEST_FIRST, paging);
	}

	/**
	 * A page of {@code query}; {@code term} is its title term, folded, which on
	 * PostgreSQL is looked up among the titles' words first.
	 */
	Page<Item> search(Listing query, @Nullable String term) {
		Listing narrowed = (term != null && postgres()) ? narrowByWords(query, term) : query;
		return narrowed.read(this.jdbc, ITEM, item -> SortOrder.key(item.date(), item.id()));
	}

	// Every item whose title holds the term holds, for each piece of the term between
	// spaces, a word that contains it (a term of one piece), ends with it (the first of
	// several), starts with it (the last) or is it (one in the middle). The pieces are
	// looked up among all the words there are, and the items read are those holding one
	// of each piece's words; the LIKE still decides. A piece in too many words to narrow
	// by is left to the LIKE.
	private Listing narrowByWords(Listing query, String term) {
		String[] pieces = term.split(" ", -1);
		List<Integer> longest = IntStream.range(0, pieces.length)
			.filter(i -> !pieces[i].isEmpty())
			.boxed()
			.sorted(Comparator.comparingInt((Integer i) -> pieces[i].length()).reversed())
			.limit(MAX_PIECES)
			.toList();
		Listing narrowed = query;
		for (int i : longest) {
			String piece = Listing.escaped(pieces[i]);
			String pattern = (pieces.length == 1) ? "%" + piece + "%"
					: (i == 0) ? "%" + piece : (i == pieces.length - 1) ? piece + "%" : piece;
			List<String> words = this.jdbc
				.sql("SELECT word FROM search_words WHERE word LIKE :pattern ESCAPE '\\' LIMIT :most")
				.param("pattern", pattern)
				.param("most", MAX_WORDS + 1)
				.query(String.class)
				.list();
			if (words.size() <= MAX_WORDS) {
				List<String> any = new ArrayList<>(words);
				any.add(TitleWords.LONG);
				narrowed = narrowed.narrowed("t.title_words && CAST(:words_" + i + " AS text[])", "words_" + i,
						any.toArray(String[]::new));
			}
		}
		return narrowed;
	}

	/**
	 * Stores the items not stored yet (by fingerprint) and returns how many that was. Run
	 * it in a transaction: it takes one statement per thousand items.
	 */
	int insert(List<NormalizedItem> items) {
		boolean postgres = postgres();
		int inserted = 0;
		for (int from = 0; from < items.size(); from += CHUNK) {
			List<NormalizedItem> chunk = items.subList(from, Math.min(items.size(), from + CHUNK));
			inserted += this.template.update(postgres ? postgresInsert(chunk.size()) : h2Insert(chunk.size()),
					(PreparedStatement statement) -> bind(statement, chunk, postgres));
		}
		if (postgres && inserted > 0) {
			// In the same transaction: no search sees an item before its words.
			this.template.update("INSERT INTO search_words (word) SELECT unnest(?) ON CONFLICT DO NOTHING",
					(PreparedStatement statement) -> statement.setArray(1,
							statement.getConnection().createArrayOf("text", TitleWords.vocabulary(items))));
		}
		return inserted;
	}

	private static void bind(PreparedStatement statement, List<NormalizedItem> chunk, boolean postgres)
			throws SQLException {
		int p = 1;
		for (NormalizedItem item : chunk) {
			statement.setString(p++, item.title());
			statement.setString(p++, item.url());
			statement.setObject(p++, item.date());
			statement.setString(p++, item.foldedTitle());
			statement.setObject(p++, item.fingerprint());
			if (postgres) {
				statement.setArray(p++, statement.getConnection().createArrayOf("text", item.titleWords()));
			}
		}
	}

	// PostgreSQL skips a row already stored (or being stored by another transaction, once
	// that commits) with ON CONFLICT, and keeps the title's words for its index.
	private static String postgresInsert(int rows) {
		return "INSERT INTO search_items (title, url, item_date, folded_title, fingerprint, title_words) VALUES "
				+ String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?)"))
				+ " ON CONFLICT (fingerprint) DO NOTHING";
	}

	// H2 knows no ON CONFLICT outside its PostgreSQL mode, and runs in one process, where
	// NOT EXISTS and a retry on the rare race serve.
	private static String h2Insert(int rows) {
		return "INSERT INTO search_items (title, url, item_date, folded_title, fingerprint)"
				+ " SELECT s.title, s.url, s.item_date, s.folded_title, s.fingerprint FROM (VALUES "
				+ String.join(", ", Collections.nCopies(rows,
						"(CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP), CAST(? AS VARCHAR), CAST(? AS UUID))"))
				+ ") s (title, url, item_date, folded_title, fingerprint)"
				+ " WHERE NOT EXISTS (SELECT 1 FROM search_items t WHERE t.fingerprint = s.fingerprint)";
	}

	/**
	 * Whether two transactions may insert at once (PostgreSQL), or must take turns (H2).
	 */
	boolean takesConcurrentInserts() {
		return postgres();
	}

	private boolean postgres() {
		return this.database.isPostgres();
	}

}
