package dev.keel.rates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.keel.platform.Database;
import dev.keel.platform.Listing;
import dev.keel.platform.Page;
import dev.keel.platform.Paging;
import dev.keel.platform.SortKey;
import dev.keel.platform.SortOrder;
import dev.keel.platform.SqlFile;

/**
 * The table of price batches and their staged rows; every call joins the caller's
 * transaction.
 */
@Repository
class PriceBatches {

	private static final String COLUMNS = "t.id, t.state, t.row_count, t.received_at, t.applied_at, t.apply_ms, "
			+ "t.errors, t.idempotency_key";

	private static final SortOrder NEWEST_FIRST = SortOrder.parse("-id",
			Map.of("id", SortKey.required("id", Long::valueOf)));

	private static final String PENDING = "('queued', 'applying')";

	private static final String PENDING_COLUMNS = "id, position, state, attempts, row_count, lanes, apply_ms";

	private static final String ADD_TO_REGION_SUMMARY = SqlFile.read(PriceBatches.class,
			"add_batch_to_region_summary.sql");

	private static final TypeReference<List<PriceBatch.Error>> ERRORS = new TypeReference<>() {
	};

	/** A batch as the applier needs it. */
	record Pending(long id, long position, BatchState state, int attempts, long rows, @Nullable String lanes,
			boolean moved) {

	}

	/** A batch uploaded with an idempotency key, and the digest of its body. */
	record Keyed(PriceBatch batch, @Nullable String bodySha256) {

	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Database database;

	PriceBatches(JdbcClient jdbc, JsonMapper json, Database database) {
		this.jdbc = jdbc;
		this.json = json;
		this.database = database;
	}

	/** A new batch, receiving: seen by nobody until its upload commits. */
	long insert(@Nullable String idempotencyKey, OffsetDateTime receivedAt) {
		GeneratedKeyHolder id = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO rate_batches (state, row_count, received_at, errors, attempts, idempotency_key, staged)
				VALUES ('receiving', 0, :received_at, '[]', 0, :key, FALSE)
				""").param("received_at", receivedAt).param("key", idempotencyKey).update(id, "id");
		return id.getKeyAs(Number.class).longValue();
	}

	/**
	 * Queues a received batch at the next position. The position's row stays locked until
	 * the transaction ends, so batches are queued, and published, in the order their
	 * uploads commit.
	 */
	void queue(long id, long rows, String bodySha256, @Nullable String lanes) {
		this.jdbc.sql("UPDATE rate_batch_locks SET last_position = last_position + 1 WHERE name = 'accept'").update();
		long position = this.jdbc.sql("SELECT last_position FROM rate_batch_locks WHERE name = 'accept'")
			.query(Long.class)
			.single();
		this.jdbc.sql("""
				UPDATE rate_batches
				SET state = 'queued', position = :position, row_count = :rows, body_sha256 = :sha, lanes = :lanes,
				    staged = TRUE
				WHERE id = :id
				""")
			.param("position", position)
			.param("rows", rows)
			.param("sha", bodySha256)
			.param("lanes", lanes)
			.param("id", id)
			.update();
	}

	/** Waits until no upload is between taking its position and committing. */
	void awaitAcceptances() {
		this.jdbc.sql("SELECT last_position FROM rate_batch_locks WHERE name = 'accept' FOR UPDATE")
			.query(Long.class)
			.single();
	}

	void reject(long id, long rows, String bodySha256, List<PriceBatch.Error> errors) {
		this.jdbc.sql("""
				UPDATE rate_batches SET state = 'rejected', row_count = :rows, body_sha256 = :sha, errors = :errors
				WHERE id = :id
				""")
			.param("rows", rows)
			.param("sha", bodySha256)
			.param("errors", this.json.writeValueAsString(errors))
			.param("id", id)
			.update();
	}

	Optional<PriceBatch> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM rate_batches t WHERE t.id = :id AND t.state <> 'receiving'")
			.param("id", id)
			.query(this::batch)
			.optional();
	}

	Optional<Keyed> findByKey(String idempotencyKey) {
		return this.jdbc.sql("SELECT " + COLUMNS + ", t.body_sha256 FROM rate_batches t WHERE t.idempotency_key = :key")
			.param("key", idempotencyKey)
			.query((rs, n) -> new Keyed(batch(rs, n), rs.getString("body_sha256")))
			.optional();
	}

	/** A page of the batches, newest first, in {@code state} if given. */
	static Listing query(@Nullable BatchState state, Paging paging) {
		Listing.Builder query = Listing.from("rate_batches", COLUMNS);
		if (state != null) {
			query.where("t.state = :state", "state", state.sql());
		}
		else {
			query.where("t.state <> :hidden", "hidden", BatchState.RECEIVING.sql());
		}
		return query.build(NEWEST_FIRST, paging);
	}

	Page<PriceBatch> list(Listing query) {
		return query.read(this.jdbc, this::batch, batch -> SortOrder.key(batch.id(), batch.id()));
	}

	/** Batches queued or applying. */
	long waiting() {
		return this.jdbc.sql("SELECT COUNT(*) FROM rate_batches WHERE state IN " + PENDING).query(Long.class).single();
	}

	Map<BatchState, Long> countByState() {
		return this.jdbc.sql("SELECT state, COUNT(*) AS batches FROM rate_batches GROUP BY state")
			.query((rs, n) -> Map.entry(BatchState.of(rs.getString("state")), rs.getLong("batches")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	Optional<Pending> pending(long id) {
		return this.jdbc.sql("SELECT " + PENDING_COLUMNS + " FROM rate_batches WHERE id = :id")
			.param("id", id)
			.query(this::pendingRow)
			.optional();
	}

	/** The pending batch accepted first. */
	Optional<Pending> oldestPending() {
		return this.jdbc
			.sql("SELECT " + PENDING_COLUMNS + " FROM rate_batches WHERE state IN " + PENDING
					+ " ORDER BY position FETCH FIRST 1 ROWS ONLY")
			.query(this::pendingRow)
			.optional();
	}

	/** The pending batch accepted last. */
	Optional<Pending> newestPending() {
		return this.jdbc
			.sql("SELECT " + PENDING_COLUMNS + " FROM rate_batches WHERE state IN " + PENDING
					+ " ORDER BY position DESC FETCH FIRST 1 ROWS ONLY")
			.query(this::pendingRow)
			.optional();
	}

	/** When the pending batch accepted first was received. */
	Optional<OffsetDateTime> oldestPendingReceivedAt() {
		return this.jdbc.sql("SELECT MIN(received_at) FROM rate_batches WHERE state IN " + PENDING)
			.query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
			.optional()
			.filter(at -> at != null);
	}

	/** Takes the lock that lets one transaction at a time apply batches, everywhere. */
	void lockForApply() {
		this.jdbc.sql("SELECT last_position FROM rate_batch_locks WHERE name = 'apply' FOR UPDATE")
			.query(Long.class)
			.single();
	}

	/**
	 * Marks the batch applying and counts the attempt; the attempts so far, this one
	 * included.
	 */
	int beginAttempt(long id) {
		this.jdbc
			.sql("UPDATE rate_batches SET state = 'applying', attempts = attempts + 1 WHERE id = :id AND state IN "
					+ PENDING)
			.param("id", id)
			.update();
		return this.jdbc.sql("SELECT attempts FROM rate_batches WHERE id = :id")
			.param("id", id)
			.query(Integer.class)
			.single();
	}

	void uncountAttempt(long id) {
		this.jdbc.sql("UPDATE rate_batches SET attempts = attempts - 1 WHERE id = :id AND attempts > 0")
			.param("id", id)
			.update();
	}

	/**
	 * Moves the batch's rows into {@code prices} and the region summary; the rows moved.
	 */
	long moveIntoPrices(long id) {
		if (this.database.isPostgres()) {
			// Enough to sort a million rows in memory (about 100 MB), for this
			// transaction only.
			this.jdbc.sql("SET LOCAL work_mem = '256MB'").update();
		}
		// In the index's order: each leaf page of prices_lane_day is then visited once,
		// not once per row (5.8 s instead of 10 s for a million, bench/batches.sh).
		long moved = this.jdbc.sql("""
				INSERT INTO prices (orig_code, dest_code, day, price)
				SELECT orig_code, dest_code, day, price FROM rate_batch_prices WHERE batch_id = :id
				ORDER BY orig_code, dest_code, day, price
				""").param("id", id).update();
		this.jdbc.sql(ADD_TO_REGION_SUMMARY).param("id", id).update();
		return moved;
	}

	/**
	 * Notes that the batch's prices are in, still {@code applying} until the cache
	 * evictions they need are carried out ({@link #applied}).
	 */
	void moved(long id, long applyMs) {
		this.jdbc.sql("UPDATE rate_batches SET apply_ms = :ms WHERE id = :id")
			.param("ms", applyMs)
			.param("id", id)
			.update();
	}

	void applied(long id, OffsetDateTime at) {
		this.jdbc.sql("""
				UPDATE rate_batches SET state = 'applied', applied_at = :at, errors = '[]'
				WHERE id = :id AND state = 'applying'
				""").param("at", at).param("id", id).update();
	}

	/** Notes why an attempt failed, and fails the batch for good if {@code last}. */
	void attemptFailed(long id, String reason, boolean last) {
		this.jdbc.sql("UPDATE rate_batches SET state = :state, errors = :errors WHERE id = :id AND state IN " + PENDING)
			.param("state", (last ? BatchState.FAILED : BatchState.APPLYING).sql())
			.param("errors", this.json.writeValueAsString(List.of(new PriceBatch.Error(null, null, reason))))
			.param("id", id)
			.update();
	}

	/** The first rows of the batch that name a port no longer there. */
	List<PriceBatch.Error> rowsWithoutPorts(long id, int limit) {
		return this.jdbc
			.sql("""
					SELECT b.line, b.orig_code, b.dest_code,
					       CASE WHEN EXISTS (SELECT 1 FROM ports p WHERE p.code = b.orig_code) THEN 1 ELSE 0 END AS origin_known
					FROM rate_batch_prices b
					WHERE b.batch_id = :id
					  AND (NOT EXISTS (SELECT 1 FROM ports p WHERE p.code = b.orig_code)
					       OR NOT EXISTS (SELECT 1 FROM ports p WHERE p.code = b.dest_code))
					ORDER BY b.line
					FETCH FIRST :limit ROWS ONLY
					""")
			.param("id", id)
			.param("limit", limit)
			.query((rs, n) -> {
				boolean originKnown = rs.getInt("origin_known") == 1;
				String field = originKnown ? "destination_code" : "origin_code";
				String code = originKnown ? rs.getString("dest_code") : rs.getString("orig_code");
				return new PriceBatch.Error(rs.getLong("line"), field,
						"'" + code + "' is no longer a port: it was removed after the batch was accepted");
			})
			.list();
	}

	void rejectAtApply(long id, List<PriceBatch.Error> errors) {
		this.jdbc
			.sql("UPDATE rate_batches SET state = 'rejected', errors = :errors WHERE id = :id AND state IN " + PENDING)
			.param("errors", this.json.writeValueAsString(errors))
			.param("id", id)
			.update();
	}

	/** Deletes the staged rows of a batch that no longer needs them. */
	void unstage(long id) {
		this.jdbc.sql("DELETE FROM rate_batch_prices WHERE batch_id = :id").param("id", id).update();
		this.jdbc.sql("UPDATE rate_batches SET staged = FALSE WHERE id = :id").param("id", id).update();
	}

	/** Batches done with whose rows are still staged (their clean-up was interrupted). */
	List<Long> leftOverStaged() {
		return this.jdbc.sql("SELECT id FROM rate_batches WHERE staged AND state IN ('applied', 'rejected', 'failed')")
			.query(Long.class)
			.list();
	}

	private PriceBatch batch(ResultSet rs, int row) throws SQLException {
		long applyMs = rs.getLong("apply_ms");
		return new PriceBatch(rs.getLong("id"), rs.getString("state"), rs.getLong("row_count"),
				rs.getObject("received_at", OffsetDateTime.class), rs.getObject("applied_at", OffsetDateTime.class),
				rs.wasNull() ? null : applyMs, this.json.readValue(rs.getString("errors"), ERRORS),
				rs.getString("idempotency_key"));
	}

	private Pending pendingRow(ResultSet rs, int row) throws SQLException {
		return new Pending(rs.getLong("id"), rs.getLong("position"), BatchState.of(rs.getString("state")),
				rs.getInt("attempts"), rs.getLong("row_count"), rs.getString("lanes"),
				rs.getObject("apply_ms") != null);
	}

}
