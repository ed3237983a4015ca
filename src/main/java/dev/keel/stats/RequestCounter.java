package dev.keel.stats;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

/**
 * Counts requests by path, client and UTC hour (the hour read from the application's
 * {@link Clock} as the request is counted). A request only adds one to an in-process map,
 * so counting costs it no I/O and a failing store cannot fail it; a background thread
 * adds the gathered counts to the {@link CountStore} every {@code flush-interval}. When
 * the store fails, the counts are kept and sent again until it answers (each batch
 * numbered, so the store applies a batch once even if an earlier attempt did reach it);
 * the failure is logged and counted in {@code keel.stats.store.errors}. Reports and
 * resets first flush, so they see every request this instance has counted.
 */
final class RequestCounter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RequestCounter.class);

	// Bounds the work of one Redis script call, during which Redis serves nobody else.
	private static final int CHUNK_SIZE = 5_000;

	private final PendingCounts<Tally> pending;

	private final CountStore store;

	private final Clock clock;

	private final long intervalMillis;

	private final String source = UUID.randomUUID().toString();

	private final ReentrantLock flushing = new ReentrantLock();

	private final Deque<CountStore.Batch> unsent = new ArrayDeque<>();

	private final LongAdder unstored = new LongAdder();

	private final Counter storeErrors;

	private final Counter uncounted;

	private long sequence;

	private volatile boolean failing;

	private volatile boolean overflowing;

	private @Nullable ScheduledExecutorService flusher;

	RequestCounter(CountStore store, StatsProperties properties, Clock clock, MeterRegistry meters) {
		this.store = store;
		this.clock = clock;
		this.pending = new PendingCounts<>(properties.maxPendingUrls());
		this.intervalMillis = properties.flushInterval().toMillis();
		this.storeErrors = Counter.builder("keel.stats.store.errors")
			.description("failed attempts to store or read request counts")
			.register(meters);
		this.uncounted = Counter.builder("keel.stats.uncounted")
			.description("requests served but not counted, because too many distinct paths waited for the store")
			.register(meters);
		Gauge.builder("keel.stats.unstored", this.unstored, LongAdder::sum)
			.description("requests counted in-process and not yet in the store")
			.register(meters);
	}

	/** Counts one request to {@code url} by {@code client}, in the hour it is now. */
	void count(String url, String client) {
		long hour = Math.floorDiv(this.clock.millis(), 3_600_000L) * 3600;
		if (this.pending.add(new Tally(url, client, hour))) {
			this.unstored.increment();
			return;
		}
		this.uncounted.increment();
		if (!this.overflowing) {
			this.overflowing = true;
			log.error(
					"Request counts: {} distinct paths wait for the store (keel.stats.max-pending-urls); "
							+ "requests to further paths go uncounted until it takes them (keel.stats.uncounted)",
					this.pending.size());
		}
	}

	/**
	 * Adds everything counted so far to the store; on failure it stays for the next try.
	 */
	void flush() {
		this.flushing.lock();
		try {
			// What failed before goes first; new counts are only taken in once nothing
			// waits, which bounds what is held while the store is away.
			sendUnsent();
			for (Map<Tally, Long> counts : this.pending.drain(CHUNK_SIZE)) {
				this.unsent.add(new CountStore.Batch(this.source, ++this.sequence, counts, sum(counts)));
			}
			sendUnsent();
		}
		finally {
			this.flushing.unlock();
		}
	}

	private void sendUnsent() {
		while (!this.unsent.isEmpty()) {
			CountStore.Batch batch = this.unsent.peek();
			this.store.add(batch);
			this.unsent.poll();
			this.unstored.add(-batch.requests());
		}
	}

	StatsPage page(int limit, long offset) {
		return unlessUnavailable(() -> {
			flush();
			return this.store.page(limit, offset);
		});
	}

	StatsPage page(Window window, int limit, long offset) {
		return unlessUnavailable(() -> {
			flush();
			return this.store.page(window, limit, offset);
		});
	}

	ClientsPage clients(Window window, int limit, long offset) {
		return unlessUnavailable(() -> {
			flush();
			return this.store.clients(window, limit, offset);
		});
	}

	List<Long> series(String url, Window window) {
		return unlessUnavailable(() -> {
			flush();
			return this.store.series(url, window);
		});
	}

	/**
	 * Forgets every count, in the store and in-process; on failure nothing is forgotten.
	 */
	void reset() {
		unlessUnavailable(() -> {
			this.flushing.lock();
			try {
				this.store.reset();
				long forgotten = this.unsent.stream().mapToLong(CountStore.Batch::requests).sum();
				this.unsent.clear();
				for (Map<Tally, Long> counts : this.pending.drain(Integer.MAX_VALUE)) {
					forgotten += sum(counts);
				}
				this.unstored.add(-forgotten);
				return null;
			}
			finally {
				this.flushing.unlock();
			}
		});
	}

	private static long sum(Map<Tally, Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	private <T> T unlessUnavailable(Supplier<T> work) {
		try {
			return work.get();
		}
		catch (DataAccessException ex) {
			this.storeErrors.increment();
			log.warn("Request counts unreachable: {}", ex.toString());
			throw new StatsUnavailable(ex);
		}
	}

	private void flushInBackground() {
		try {
			flush();
			this.overflowing = false;
			if (this.failing) {
				this.failing = false;
				log.info("Request counts: the store answers again; the counts kept meanwhile are stored");
			}
		}
		// Anything escaping would cancel every later run of this task, silently.
		catch (Throwable ex) {
			this.storeErrors.increment();
			if (!this.failing) {
				this.failing = true;
				log.warn("Request counts: the store fails ({}); requests are still served and their counts "
						+ "kept in-process until it answers", ex.toString());
			}
		}
	}

	@Override
	public void start() {
		this.flusher = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("request-counter").daemon(true).factory());
		this.flusher.scheduleWithFixedDelay(this::flushInBackground, this.intervalMillis, this.intervalMillis,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService flusher = this.flusher;
		if (flusher == null) {
			return;
		}
		flusher.shutdown();
		try {
			flusher.awaitTermination(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.flusher = null;
		try {
			flush();
		}
		catch (RuntimeException ex) {
			log.error("Request counts: {} requests could not be stored at shutdown: {}", this.unstored.sum(),
					ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.flusher != null;
	}

	// Stops after the web server has finished its last requests (its phases are
	// DEFAULT_PHASE - 1024 and - 2048) and before the Redis connection closes (phase 0).
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
