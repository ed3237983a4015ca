package dev.keel.rates;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;

import dev.keel.platform.Database;
import dev.keel.platform.InvalidInput;
import dev.keel.platform.Writes;

/**
 * Receives price batches: reads the body as it streams in, checks each row, stores the
 * rows and queues the batch, all in one transaction, so that an upload either holds a
 * durable, queued batch or left nothing behind. A rejected batch keeps only its record
 * and errors.
 */
@Service
class BatchUploads {

	private static final PriceSink.Target STAGED = new PriceSink.Target("rate_batch_prices",
			List.of("batch_id", "line", "orig_code", "dest_code", "day", "price"));

	/**
	 * A batch and whether this upload created it (or found it by its idempotency key).
	 */
	record Received(PriceBatch batch, boolean created) {

	}

	private final PriceBatches batches;

	private final Writes writes;

	private final BatchQueue queue;

	private final ExchangeRates exchangeRates;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final Database database;

	private final JsonMapper json;

	private final RatesProperties.Batches settings;

	private final Semaphore uploading;

	private final Clock clock = Clock.systemUTC();

	BatchUploads(PriceBatches batches, Writes writes, BatchQueue queue, ExchangeRates exchangeRates,
			DataSource dataSource, JdbcTemplate jdbc, Database database, JsonMapper json, RatesProperties properties) {
		this.batches = batches;
		this.writes = writes;
		this.queue = queue;
		this.exchangeRates = exchangeRates;
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.database = database;
		this.json = json;
		this.settings = properties.batches();
		this.uploading = new Semaphore(this.settings.maxConcurrentUploads());
	}

	Received receive(@Nullable String contentType, InputStream body, @Nullable String idempotencyKey) {
		String key = (idempotencyKey != null) ? BatchProblems.idempotencyKey(idempotencyKey) : null;
		DigestInputStream digested = new DigestInputStream(body, sha256());
		BatchReader reader = BatchReader.of(contentType, digested, this.json);
		if (key != null) {
			PriceBatches.Keyed earlier = this.batches.findByKey(key).orElse(null);
			if (earlier != null) {
				return new Received(sameBody(earlier, digested), false);
			}
		}
		long waiting = this.batches.waiting();
		if (waiting >= this.settings.maxWaiting()) {
			throw new BatchProblems.QueueFull((int) waiting);
		}
		this.queue.checkAvailable();
		// An upload holds a database connection as long as its client sends: a few at
		// once leave the pool to everyone else.
		if (!this.uploading.tryAcquire()) {
			throw new BatchProblems.Busy(this.settings.maxConcurrentUploads());
		}
		try {
			return new Received(this.writes.commitOnce(evictions -> store(reader, digested, key)), true);
		}
		catch (DuplicateKeyException ex) {
			// Another upload with the key committed while this one was being read.
			PriceBatches.Keyed earlier = this.batches.findByKey(key).orElseThrow(() -> ex);
			return new Received(sameBody(earlier, digested), false);
		}

		finally {
			this.uploading.release();
		}
	}

	// The batch as accepted (queued) or rejected, read before the commit: a worker may
	// take it the moment it commits.
	private PriceBatch store(BatchReader reader, DigestInputStream body, @Nullable String key) {
		long id;
		try {
			id = this.batches.insert(key, OffsetDateTime.now(this.clock));
		}
		catch (QueryTimeoutException | PessimisticLockingFailureException ex) {
			// The key of another upload not yet committed: PostgreSQL waits for it, H2
			// gives up after its lock timeout.
			throw new BatchProblems.KeyInUse(ex);
		}
		BatchChecks checks = new BatchChecks(codes("SELECT code FROM ports"), codes("SELECT slug FROM regions"),
				this.exchangeRates.converter());
		Set<String> lanes = new LinkedHashSet<>();
		long rows = 0;
		try (PriceSink sink = PriceSink.on(DataSourceUtils.getConnection(this.dataSource), this.jdbc, this.database,
				STAGED)) {
			for (BatchReader.Row row = reader.next(); row != null; row = reader.next()) {
				if (++rows > this.settings.maxRows()) {
					throw new BatchProblems.TooManyRows(this.settings.maxRows());
				}
				BatchChecks.Price price = checks.check(row);
				// Once a row failed the batch is rejected: the rest is only checked.
				if (price != null && checks.passed()) {
					sink.add(id, price.line(), price.origin(), price.destination(), price.day(), price.priceUsd());
					if (lanes != null && lanes.add(price.origin() + ">" + price.destination())
							&& lanes.size() > this.settings.maxEvictedLanes()) {
						lanes = null;
					}
				}
			}
		}
		if (rows == 0) {
			throw new UnreadableBatch(Math.max(reader.line(), 1), "the batch ends without a single row of prices");
		}
		String sha = HexFormat.of().formatHex(body.getMessageDigest().digest());
		if (!checks.passed()) {
			this.batches.unstage(id);
			this.batches.reject(id, rows, sha, checks.errors());
			return this.batches.find(id).orElseThrow();
		}
		this.batches.queue(id, rows, sha, (lanes != null) ? String.join(",", lanes) : null);
		this.queue.publish(id);
		return this.batches.find(id).orElseThrow();
	}

	/** The earlier batch, if this body is the one it was uploaded with. */
	private PriceBatch sameBody(PriceBatches.Keyed earlier, DigestInputStream body) {
		try (InputStream rest = body) {
			rest.transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			throw new InvalidInput("body", "could not be read: the body ended early");
		}
		String sha = HexFormat.of().formatHex(body.getMessageDigest().digest());
		if (!sha.equals(earlier.bodySha256())) {
			throw new BatchProblems.KeyReused(earlier.batch().id());
		}
		return earlier.batch();
	}

	private Set<String> codes(String sql) {
		return new HashSet<>(this.jdbc.queryForList(sql, String.class));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
