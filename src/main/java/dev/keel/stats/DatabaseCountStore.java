package dev.keel.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.keel.platform.Writes;

/**
 * Counts in the database: the embedded default, where H2 keeps them in its file across
 * restarts. Only one instance writes (H2 locks its file), so a batch that failed rolled
 * back and is simply sent again.
 */
final class DatabaseCountStore implements CountStore {

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final Writes writes;

	private final TransactionTemplate reading;

	DatabaseCountStore(JdbcClient jdbc, JdbcTemplate batches, Writes writes, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.writes = writes;
		// The totals and the page come from one snapshot.
		this.reading = new TransactionTemplate(transactions);
		this.reading.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.reading.setReadOnly(true);
	}

	@Override
	public void add(Batch batch) {
		List<Object[]> increments = new ArrayList<>(batch.counts().size());
		for (Map.Entry<String, Long> count : batch.counts().entrySet()) {
			increments.add(new Object[] { count.getValue(), count.getKey() });
		}
		this.writes.commit(evictions -> {
			int[] updated = this.batches.batchUpdate("UPDATE stats_counts SET requests = requests + ? WHERE url = ?",
					increments);
			List<Object[]> inserts = new ArrayList<>();
			for (int i = 0; i < updated.length; i++) {
				if (updated[i] == 0) {
					inserts.add(increments.get(i));
				}
			}
			this.batches.batchUpdate("INSERT INTO stats_counts (requests, url) VALUES (?, ?)", inserts);
			this.jdbc.sql("""
					UPDATE stats_totals
					SET total_requests = total_requests + :requests, distinct_urls = distinct_urls + :added
					WHERE id = 1
					""").param("requests", batch.requests()).param("added", inserts.size()).update();
			return null;
		});
	}

	@Override
	public StatsPage page(int limit, long offset) {
		return this.reading.execute(status -> {
			Totals totals = this.jdbc.sql("SELECT total_requests, distinct_urls FROM stats_totals WHERE id = 1")
				.query(Totals.class)
				.single();
			List<StatsPage.UrlCount> items = this.jdbc.sql("""
					SELECT url, requests AS count FROM stats_counts
					ORDER BY requests DESC, url
					OFFSET :offset ROWS FETCH FIRST :limit ROWS ONLY
					""").param("offset", offset).param("limit", limit).query(StatsPage.UrlCount.class).list();
			return new StatsPage(totals.totalRequests(), totals.distinctUrls(), limit, offset, items);
		});
	}

	@Override
	public void reset() {
		this.writes.commit(evictions -> {
			this.jdbc.sql("DELETE FROM stats_counts").update();
			this.jdbc.sql("UPDATE stats_totals SET total_requests = 0, distinct_urls = 0 WHERE id = 1").update();
			return null;
		});
	}

	private record Totals(long totalRequests, long distinctUrls) {

	}

}
