package dev.keel.rates;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

import dev.keel.platform.Evictions;
import dev.keel.platform.Writes;

/**
 * Applies queued batches, each in one transaction, in the order they were accepted and
 * one at a time across every instance: the transaction first locks the batch table's
 * {@code apply} row, then checks that the batch is still pending, so a batch is applied
 * once however often it is asked for. A batch whose attempt fails for a reason of its own
 * is tried again until {@code keel.rates.batches.max-attempts}, then {@code failed}; a
 * database that is unreachable is no fault of the batch's, and leaves it pending for a
 * later call ({@link Writes#failedForNow}).
 */
@Service
class BatchApplier {

	private static final Logger log = LoggerFactory.getLogger(BatchApplier.class);

	/**
	 * The phase of the queues' consumers: the web server's graceful shutdown's
	 * ({@code WebServerGracefulShutdownLifecycle}), so that on SIGTERM the batch in
	 * flight and the requests in flight finish side by side; started after the web
	 * server.
	 */
	static final int LIFECYCLE_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final int MAX_REASON = 300;

	/** What became of a batch. */
	enum Outcome {

		APPLIED, REJECTED, FAILED,
		/** No such batch: its upload never committed. */
		UNKNOWN

	}

	/** An attempt that failed, the batch staying pending for another. */
	static final class AttemptFailed extends RuntimeException {

		AttemptFailed(long id, Throwable cause) {
			super("Applying batch " + id + " failed; it will be tried again", cause);
		}

	}

	private final PriceBatches batches;

	private final Prices prices;

	private final RatesCache cache;

	private final Writes writes;

	private final PortsLock portsLock;

	private final RatesProperties.Batches settings;

	private final Timer applyTime;

	private final Counter rowsApplied;

	private final Clock clock = Clock.systemUTC();

	BatchApplier(PriceBatches batches, Prices prices, RatesCache cache, Writes writes, PortsLock portsLock,
			RatesProperties properties, MeterRegistry meters) {
		this.batches = batches;
		this.prices = prices;
		this.cache = cache;
		this.writes = writes;
		this.portsLock = portsLock;
		this.settings = properties.batches();
		this.applyTime = Timer.builder("keel.rates.batches.apply")
			.description("Time to apply one price batch")
			.publishPercentileHistogram()
			.register(meters);
		this.rowsApplied = Counter.builder("keel.rates.batches.rows.applied")
			.description("Prices applied from batches")
			.register(meters);
	}

	/**
	 * Applies, oldest first, every pending batch accepted up to and including {@code id},
	 * and answers what became of {@code id}.
	 * @throws AttemptFailed when a batch's attempt failed and it waits for another
	 */
	Outcome applyThrough(long id) {
		PriceBatches.Pending target = this.batches.pending(id).orElse(null);
		if (target == null || target.state() == BatchState.RECEIVING) {
			// Published by an upload that has not committed yet, or never will.
			this.writes.commit(evictions -> {
				this.batches.awaitAcceptances();
				return null;
			});
			target = this.batches.pending(id).orElse(null);
			if (target == null) {
				return Outcome.UNKNOWN;
			}
		}
		while (target.state().pending()) {
			PriceBatches.Pending next = this.batches.oldestPending().orElse(null);
			if (next == null || next.position() > target.position()) {
				break;
			}
			apply(next);
			target = this.batches.pending(id).orElseThrow();
		}
		return outcome(target.state());
	}

	/**
	 * Applies the pending batch accepted first, if any; whether there was one.
	 * @throws AttemptFailed when its attempt failed and it waits for another
	 */
	boolean applyOldest() {
		PriceBatches.Pending next = this.batches.oldestPending().orElse(null);
		if (next == null) {
			return false;
		}
		apply(next);
		return true;
	}

	private void apply(PriceBatches.Pending batch) {
		long id = batch.id();
		int attempt = this.writes.commit(evictions -> this.batches.beginAttempt(id));
		if (attempt > this.settings.maxAttempts()) {
			failForGood(id, "tried " + (attempt - 1) + " times without success (keel.rates.batches.max-attempts)");
			return;
		}
		long started = System.nanoTime();
		try {
			// Prices, summary and evictions commit together; the evictions are carried
			// out after the commit, and only then does the batch say applied, so nobody
			// who sees it applied can be served an answer from before it. A batch
			// found moved already (its instance stopped in between) is only evicted
			// again.
			Long moved = this.writes.commit(evictions -> {
				this.batches.lockForApply();
				PriceBatches.Pending now = this.batches.pending(id).orElseThrow();
				if (!now.state().pending()) {
					return null;
				}
				if (now.moved()) {
					evict(evictions, now.lanes());
					return 0L;
				}
				// A port the batch names may have been removed (by an import) since it
				// was accepted: then it is rejected, as it would have been at upload.
				this.portsLock.holdPorts();
				List<PriceBatch.Error> removed = this.batches.rowsWithoutPorts(id, BatchChecks.KEPT_ERRORS);
				if (!removed.isEmpty()) {
					this.batches.rejectAtApply(id, removed);
					return null;
				}
				long rows = this.batches.moveIntoPrices(id);
				this.batches.moved(id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
				evict(evictions, now.lanes());
				return rows;
			}, List.of(DuplicateKeyException.class));
			if (moved != null) {
				this.writes.commit(evictions -> {
					this.batches.applied(id, OffsetDateTime.now(this.clock));
					return null;
				});
				this.applyTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
				this.rowsApplied.increment(moved);
				log.info("Applied price batch {}: {} prices in {} ms", id, moved,
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
			}
			unstage(id);
		}
		catch (RuntimeException ex) {
			if (Writes.failedForNow(ex)) {
				uncount(id);
				throw ex;
			}
			String reason = "applying failed: " + reason(ex);
			boolean last = attempt >= this.settings.maxAttempts();
			log.warn("Price batch {} attempt {} of {} failed", id, attempt, this.settings.maxAttempts(), ex);
			this.writes.commit(evictions -> {
				this.batches.attemptFailed(id, reason, last);
				return null;
			});
			if (!last) {
				throw new AttemptFailed(id, ex);
			}
			unstage(id);
		}
	}

	// The database's failure is not the batch's: the attempt is given back, if the
	// database answers again by now (if not, the batch is tried again all the same).
	private void uncount(long id) {
		try {
			this.writes.commit(evictions -> {
				this.batches.uncountAttempt(id);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.debug("Attempt of price batch {} stays counted: {}", id, ex.toString());
		}
	}

	/** Deletes the staged rows of finished batches whose clean-up was interrupted. */
	void cleanUp() {
		this.batches.leftOverStaged().forEach(this::unstage);
	}

	private void failForGood(long id, String reason) {
		this.writes.commit(evictions -> {
			this.batches.attemptFailed(id, reason, true);
			return null;
		});
		unstage(id);
	}

	// Every answer the batch's lanes can change; all of them past max-evicted-lanes.
	private void evict(Evictions evictions, @Nullable String lanes) {
		if (lanes == null) {
			this.cache.evictAll(evictions);
			return;
		}
		Function<String, List<String>> enclosing = this.prices.enclosingRegions();
		for (String lane : lanes.split(",")) {
			int arrow = lane.indexOf('>');
			this.cache.evictLane(evictions, enclosing.apply(lane.substring(0, arrow)),
					enclosing.apply(lane.substring(arrow + 1)));
		}
	}

	// Clean-up after the batch is done: if it fails, the sweep deletes the rows later.
	private void unstage(long id) {
		try {
			this.writes.commit(evictions -> {
				this.batches.unstage(id);
				return null;
			});
		}
		catch (RuntimeException ex) {
			log.warn("Staged rows of price batch {} not deleted yet: {}", id, ex.toString());
		}
	}

	// The database's own words, which name the rule the batch broke; its first line only
	// (PostgreSQL's detail repeats a row, H2's the statement), and no Java type names.
	private static String reason(Throwable ex) {
		String message = mostSpecific(ex).getMessage();
		if (message == null || message.isBlank()) {
			return "the database gave no reason";
		}
		String first = message.strip().lines().findFirst().orElse("");
		return BatchReader.shown(first, MAX_REASON);
	}

	private static Throwable mostSpecific(Throwable ex) {
		Throwable at = ex;
		while (at.getCause() != null && at.getCause() != at) {
			at = at.getCause();
		}
		return at;
	}

	private static Outcome outcome(BatchState state) {
		return switch (state) {
			case APPLIED -> Outcome.APPLIED;
			case REJECTED -> Outcome.REJECTED;
			case FAILED -> Outcome.FAILED;
			default -> throw new IllegalStateException("batch still " + state.sql());
		};
	}

}
