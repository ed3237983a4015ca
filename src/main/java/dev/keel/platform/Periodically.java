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

	/** How long before the first run. */
	Duration firstDelay() {
		return this.interval;
	}

	@Override
	public synchronized void start() {
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(this.thread).daemon(true).factory());
		this.executor.scheduleWithFixedDelay(this::runOnce, firstDelay().toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
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
