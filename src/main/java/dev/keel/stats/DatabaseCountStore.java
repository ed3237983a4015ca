package dev.keel.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * restarts. Only one instance writes (H2 locks its file). Each batch is one transaction
 * that also records the batch's number, so one sent again after a commit whose outcome
 * was unknown counts once. A window's report sums its buckets' rows per request: its cost
 * grows with the rows in the window, which suits one instance's traffic; millions of
 * paths are what the Redis store is for.
 */
final class DatabaseCountStore implements CountStore {

	// Expired buckets are deleted with a batch at most this often.
	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

	private static final Duration APPLIED_KEPT = Duration.ofDays(7);

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final Writes writes;

	private final TransactionTemplate reading;

	private final StatsProperties properties;

	private final Clock clock;

	private volatile Instant cleaned = Instant.MIN;

	DatabaseCountStore(JdbcClient jdbc, JdbcTemplate batches, Writes writes, PlatformTransactionManager transactions,
			StatsProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.writes = writes;
		this.properties = properties;
		this.clock = clock;
		// The totals and the page come from one snapshot.
		this.reading = new TransactionTemplate(transactions);
		this.reading.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.reading.setReadOnly(true);
	}

	@Override
	public void add(Batch batch) {
		Instant now = this.clock.instant();
		this.writes.commit(evictions -> {
			Long applied = this.jdbc.sql("SELECT sequence FROM stats_applied WHERE source = :source")
				.param("source", batch.source())
				.query(Long.class)
				.optional()
				.orElse(null);
			if (applied != null && applied >= batch.sequence()) {
				return null;
			}
			int added = increment("UPDATE stats_counts SET requests = requests + ? WHERE url = ?",
					"INSERT INTO stats_counts (requests, url) VALUES (?, ?)", batch.counts(), List.of());
			this.jdbc.sql("""
					UPDATE stats_totals
					SET total_requests = total_requests + :requests, distinct_urls = distinct_urls + :added
					WHERE id = 1
					""").param("requests", batch.requests()).param("added", added).update();
			for (Step step : Step.values()) {
				for (Bucket bucket : batch.buckets(step)) {
					List<Object> at = List.of(step.toString(), bucket.start().getEpochSecond());
					increment("""
							UPDATE stats_url_buckets SET requests = requests + ?
							WHERE url = ? AND step = ? AND bucket_start = ?""",
							"INSERT INTO stats_url_buckets (requests, url, step, bucket_start) VALUES (?, ?, ?, ?)",
							bucket.urls(), at);
					increment("""
							UPDATE stats_client_buckets SET requests = requests + ?
							WHERE client = ? AND step = ? AND bucket_start = ?""",
							"INSERT INTO stats_client_buckets (requests, client, step, bucket_start) VALUES (?, ?, ?, ?)",
							bucket.clients(), at);
					int updated = this.jdbc.sql("""
							UPDATE stats_bucket_totals SET requests = requests + :requests
							WHERE step = :step AND bucket_start = :start""")
						.param("requests", bucket.total())
						.param("step", step.toString())
						.param("start", bucket.start().getEpochSecond())
						.update();
					if (updated == 0) {
						this.jdbc
							.sql("INSERT INTO stats_bucket_totals (step, bucket_start, requests) "
									+ "VALUES (:step, :start, :requests)")
							.param("requests", bucket.total())
							.param("step", step.toString())
							.param("start", bucket.start().getEpochSecond())
							.update();
					}
				}
			}
			int recorded = this.jdbc
				.sql("UPDATE stats_applied SET sequence = :sequence, applied_at = :now WHERE source = :source")
				.param("sequence", batch.sequence())
				.param("now", now.getEpochSecond())
				.param("source", batch.source())
				.update();
			if (recorded == 0) {
				this.jdbc
					.sql("INSERT INTO stats_applied (source, sequence, applied_at) VALUES (:source, :sequence, :now)")
					.param("sequence", batch.sequence())
					.param("now", now.getEpochSecond())
					.param("source", batch.source())
					.update();
			}
			if (this.cleaned.plus(CLEANUP_INTERVAL).isBefore(now)) {
				forgetExpired(now);
			}
			return null;
		});
		if (this.cleaned.plus(CLEANUP_INTERVAL).isBefore(now)) {
			this.cleaned = now;
		}
	}

	/**
	 * Adds each count to its row, inserting the rows not found; {@code at}: the further
	 * parameters of both statements. Answers how many rows were inserted.
	 */
	private int increment(String update, String insert, Map<String, Long> counts, List<Object> at) {
		List<Object[]> increments = new ArrayList<>(counts.size());
		for (Map.Entry<String, Long> count : counts.entrySet()) {
			List<Object> row = new ArrayList<>(List.of(count.getValue(), count.getKey()));
			row.addAll(at);
			increments.add(row.toArray());
		}
		int[] updated = this.batches.batchUpdate(update, increments);
		List<Object[]> inserts = new ArrayList<>();
		for (int i = 0; i < updated.length; i++) {
			if (updated[i] == 0) {
				inserts.add(increments.get(i));
			}
		}
		this.batches.batchUpdate(insert, inserts);
		return inserts.size();
	}

	// A bucket is kept until its end plus the retention.
	private void forgetExpired(Instant now) {
		for (Step step : Step.values()) {
			long before = now.minus(this.properties.retention(step)).minus(step.width()).getEpochSecond();
			for (String table : List.of("stats_url_buckets", "stats_client_buckets", "stats_bucket_totals")) {
				// The table's name is one of the three above, never input.
				this.jdbc.sql("DELETE FROM " + table + " WHERE step = :step AND bucket_start <= :before")
					.param("step", step.toString())
					.param("before", before)
					.update();
			}
		}
		this.jdbc.sql("DELETE FROM stats_applied WHERE applied_at < :before")
			.param("before", now.minus(APPLIED_KEPT).getEpochSecond())
			.update();
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
	public StatsPage page(Window window, int limit, long offset) {
		return this.reading.execute(status -> {
			long total = total(window);
			long distinct = this.jdbc.sql("""
					SELECT COUNT(DISTINCT url) FROM stats_url_buckets
					WHERE step = :step AND bucket_start >= :from AND bucket_start < :to""")
				.params(range(window))
				.query(Long.class)
				.single();
			List<StatsPage.UrlCount> items = this.jdbc.sql("""
					SELECT url, SUM(requests) AS count FROM stats_url_buckets
					WHERE step = :step AND bucket_start >= :from AND bucket_start < :to
					GROUP BY url ORDER BY count DESC, url
					OFFSET :offset ROWS FETCH FIRST :limit ROWS ONLY""")
				.params(range(window))
				.param("offset", offset)
				.param("limit", limit)
				.query(StatsPage.UrlCount.class)
				.list();
			return new StatsPage(total, distinct, limit, offset, items);
		});
	}

	@Override
	public ClientsPage clients(Window window, int limit, long offset) {
		return this.reading.execute(status -> {
			long total = total(window);
			long distinct = this.jdbc.sql("""
					SELECT COUNT(DISTINCT client) FROM stats_client_buckets
					WHERE step = :step AND bucket_start >= :from AND bucket_start < :to""")
				.params(range(window))
				.query(Long.class)
				.single();
			List<ClientsPage.ClientCount> items = this.jdbc.sql("""
					SELECT client, SUM(requests) AS count FROM stats_client_buckets
					WHERE step = :step AND bucket_start >= :from AND bucket_start < :to
					GROUP BY client ORDER BY count DESC, client
					OFFSET :offset ROWS FETCH FIRST :limit ROWS ONLY""")
				.params(range(window))
				.param("offset", offset)
				.param("limit", limit)
				.query(ClientsPage.ClientCount.class)
				.list();
			return new ClientsPage(total, distinct, limit, offset, items);
		});
	}

	private long total(Window window) {
		return this.jdbc.sql("""
				SELECT COALESCE(SUM(requests), 0) FROM stats_bucket_totals
				WHERE step = :step AND bucket_start >= :from AND bucket_start < :to""")
			.params(range(window))
			.query(Long.class)
			.single();
	}

	@Override
	public List<Long> series(String url, Window window) {
		Map<Long, Long> counts = new HashMap<>();
		this.jdbc.sql("""
				SELECT bucket_start, requests FROM stats_url_buckets
				WHERE url = :url AND step = :step AND bucket_start >= :from AND bucket_start < :to""")
			.params(range(window))
			.param("url", url)
			.query(row -> {
				counts.put(row.getLong(1), row.getLong(2));
			});
		return window.buckets().stream().map(start -> counts.getOrDefault(start.getEpochSecond(), 0L)).toList();
	}

	@Override
	public void reset() {
		this.writes.commit(evictions -> {
			this.jdbc.sql("DELETE FROM stats_counts").update();
			this.jdbc.sql("DELETE FROM stats_url_buckets").update();
			this.jdbc.sql("DELETE FROM stats_client_buckets").update();
			this.jdbc.sql("DELETE FROM stats_bucket_totals").update();
			this.jdbc.sql("UPDATE stats_totals SET total_requests = 0, distinct_urls = 0 WHERE id = 1").update();
			return null;
		});
	}

	private record Totals(long totalRequests, long distinctUrls) {

	}

	/**
	 * A window as the statements' parameters {@code step}, {@code from} and {@code to}.
	 */
	private static Map<String, Object> range(Window window) {
		return Map.of("step", window.step().toString(), "from", window.from().getEpochSecond(), "to",
				window.to().getEpochSecond());
	}

}
