package dev.keel.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * A background task run every {@code interval} on a daemon thread of its own, from the
 * application's start to its stop; the next run starts an interval after the last ended.
 * The first run completes before the web server starts taking requests, and the task
 * stops only after it stopped serving them.
 */
abstract class Periodically implements SmartLifecycle {

	private final String thread;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	Periodically(String thread, Duration interval) {
		this.thread = thread;
		this.interval = interval;
	}

	/** One run; what it throws is the task's to handle, or the run is lost. */
	abstract void runOnce();

	@Override
	public synchronized void start() {
		runOnce();
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(this.thread).daemon(true).factory());
		this.executor.scheduleWithFixedDelay(this::runOnce, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	// Before the web server's phase (DEFAULT_PHASE - 2048), so started before it and
	// stopped after it.
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 4096;
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
