package dev.keel.rates;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The embedded default's queue: the batch table itself, worked by one thread of this
 * process that applies the oldest pending batch until none is left, then waits for an
 * upload to wake it or {@code keel.rates.batches.poll-interval}. On stop it takes no
 * further batch and waits up to the shutdown timeout for the one it is applying.
 */
@Component
@ConditionalOnProperty(name = "keel.rates.batches.queue", havingValue = "database", matchIfMissing = true)
class DatabaseBatchQueue implements BatchQueue, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DatabaseBatchQueue.class);

	private final BatchApplier applier;

	private final Duration interval;

	private final Duration shutdownTimeout;

	private final Object signal = new Object();

	private boolean woken;

	private volatile boolean running;

	private volatile @Nullable Thread worker;

	DatabaseBatchQueue(BatchApplier applier, RatesProperties properties,
			@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration shutdownTimeout) {
		this.applier = applier;
		this.interval = properties.batches().pollInterval();
		this.shutdownTimeout = shutdownTimeout;
	}

	@Override
	public void checkAvailable() {
		// The database is the queue: an upload that can store its rows can queue them.
	}

	@Override
	public void publish(long id) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				wake();
			}

		});
	}

	private void wake() {
		synchronized (this.signal) {
			this.woken = true;
			this.signal.notifyAll();
		}
	}

	private void work() {
		while (this.running) {
			try {
				while (this.running && this.applier.applyOldest()) {
					// one batch after another while any is pending
				}
				this.applier.cleanUp();
			}
			catch (RuntimeException ex) {
				log.warn("Price batches wait: {}", ex.toString());
			}
			synchronized (this.signal) {
				if (!this.woken && this.running) {
					try {
						this.signal.wait(this.interval.toMillis());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				this.woken = false;
			}
		}
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.worker = Thread.ofPlatform().name("keel-price-batches").daemon(true).start(this::work);
	}

	@Override
	public void stop() {
		stopTakingBatches();
		awaitTheBatchInFlight();
	}

	// Beside the web server's graceful shutdown, not before it: requests in flight and
	// the
	// batch in flight finish together, within one shutdown timeout.
	@Override
	public void stop(Runnable callback) {
		stopTakingBatches();
		Thread.ofPlatform().name("keel-price-batches-stop").daemon(true).start(() -> {
			awaitTheBatchInFlight();
			callback.run();
		});
	}

	private synchronized void stopTakingBatches() {
		this.running = false;
		wake();
	}

	private void awaitTheBatchInFlight() {
		Thread worker = this.worker;
		if (worker != null) {
			try {
				worker.join(this.shutdownTimeout.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (worker.isAlive()) {
				log.warn("A price batch was still being applied at shutdown; it rolls back and is applied at the "
						+ "next start");
			}
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return BatchApplier.LIFECYCLE_PHASE;
	}

}
