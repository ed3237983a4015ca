package dev.keel.search;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.keel.platform.Listing;
import dev.keel.platform.Page;
import dev.keel.platform.PageRequest;
import dev.keel.platform.SortOrder;

/** The {@code search_items} table. */
@Repository
class Items {

	/** Newest first; the cursor and the envelope are the library's. */
	static final SortOrder NEWEST_FIRST = new SortOrder("-date", "item_date", true, LocalDateTime.class);

	private static final String COLUMNS = "t.id, t.title, t.url, t.item_date";

	// Rows per INSERT: 5 parameters each, well under PostgreSQL's 32,767 per statement.
	private static final int CHUNK = 1000;

	private static final RowMapper<Item> ITEM = (rs, n) -> new Item(rs.getLong("id"), rs.getString("title"),
			rs.getString("url"), ItemDates.text(rs.getObject("item_date", LocalDateTime.class)));

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private volatile String database;

	Items(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	Optional<Item> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM search_items t WHERE t.id = :id")
			.param("id", id)
			.query(ITEM)
			.optional();
	}

	Page<Item> search(Listing filter, PageRequest page) {
		return filter.page(this.jdbc, "search_items", COLUMNS, NEWEST_FIRST, page, ITEM,
				item -> SortOrder.key(item.date(), item.id()));
	}

	/**
	 * Stores the items not stored yet (by fingerprint) and returns how many that was. Run
	 * it in a transaction: it takes one statement per thousand items.
	 */
	int insert(List<NormalizedItem> items) {
		int inserted = 0;
		for (int from = 0; from < items.size(); from += CHUNK) {
			List<NormalizedItem> chunk = items.subList(from, Math.min(items.size(), from + CHUNK));
			inserted += this.template.update(insertSql(chunk.size()),
					(PreparedStatement statement) -> bind(statement, chunk));
		}
		return inserted;
	}

	private static void bind(PreparedStatement statement, List<NormalizedItem> chunk) throws SQLException {
		int p = 1;
		for (NormalizedItem item : chunk) {
			statement.setString(p++, item.title());
			statement.setString(p++, item.url());
			statement.setObject(p++, item.date());
			statement.setString(p++, item.foldedTitle());
			statement.setObject(p++, item.fingerprint());
		}
	}

	// PostgreSQL skips a row already stored (or being stored by another transaction, once
	// that commits) with ON CONFLICT; H2 knows no ON CONFLICT outside its PostgreSQL
	// mode, and runs one process, where NOT EXISTS and a retry on the rare race serve.
	private String insertSql(int rows) {
		String values = String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?, ?, ?)"));
		if (postgres()) {
			return "INSERT INTO search_items (title, url, item_date, folded_title, fingerprint) VALUES " + values
					+ " ON CONFLICT (fingerprint) DO NOTHING";
		}
		return "INSERT INTO search_items (title, url, item_date, folded_title, fingerprint)"
				+ " SELECT s.title, s.url, s.item_date, s.folded_title, s.fingerprint FROM (VALUES "
				+ values.replace("(?, ?, ?, ?, ?)",
						"(CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP), CAST(? AS VARCHAR), CAST(? AS UUID))")
				+ ") s (title, url, item_date, folded_title, fingerprint)"
				+ " WHERE NOT EXISTS (SELECT 1 FROM search_items t WHERE t.fingerprint = s.fingerprint)";
	}

	private boolean postgres() {
		String product = this.database;
		if (product == null) {
			product = this.template.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
			this.database = product;
		}
		return "PostgreSQL".equals(product);
	}

}
