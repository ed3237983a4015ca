package dev.keel.stats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Starts and remembers load-test runs. All runs together keep at most
 * {@code test-runs.concurrency} requests in flight (a fair semaphore shares them out), so
 * several runs progress side by side and the service keeps capacity for other clients.
 * Runs live in this instance's memory.
 */
@Component
class TestRuns implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TestRuns.class);

	private final StatsProperties.TestRuns properties;

	private final Semaphore inFlight;

	private final AtomicInteger active = new AtomicInteger();

	private final Map<String, TestRun> runs = new LinkedHashMap<>();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Set<Thread> runners = ConcurrentHashMap.newKeySet();

	private volatile @Nullable URI target;

	private volatile boolean running;

	TestRuns(StatsProperties properties) {
		this.properties = properties.testRuns();
		this.inFlight = new Semaphore(this.properties.concurrency(), true);
		this.target = this.properties.target();
	}

	@EventListener
	void serverStarted(WebServerInitializedEvent event) {
		if (this.target == null && event.getApplicationContext().getServerNamespace() == null) {
			this.target = URI.create("http://127.0.0.1:" + event.getWebServer().getPort());
		}
	}

	TestRun start(int requests) {
		URI target = this.target;
		if (!this.running || target == null) {
			throw refusal(HttpStatus.SERVICE_UNAVAILABLE, "the service is not serving HTTP; no run can start");
		}
		if (this.active.incrementAndGet() > this.properties.maxActive()) {
			this.active.decrementAndGet();
			throw refusal(HttpStatus.TOO_MANY_REQUESTS, "already " + this.properties.maxActive()
					+ " runs in progress (keel.stats.test-runs.max-active); start this one when one has finished");
		}
		TestRun run = new TestRun(requests);
		remember(run);
		Thread runner = Thread.ofVirtual().name("test-run-" + run.id()).unstarted(() -> {
			try {
				execute(run, target);
			}
			finally {
				this.runners.remove(Thread.currentThread());
			}
		});
		this.runners.add(runner);
		runner.start();
		return run;
	}

	Optional<TestRun> find(String id) {
		synchronized (this.runs) {
			return Optional.ofNullable(this.runs.get(id));
		}
	}

	private void execute(TestRun run, URI target) {
		Phaser outstanding = new Phaser(1);
		try {
			for (int i = 0; i < run.requested() && this.running; i++) {
				this.inFlight.acquire();
				outstanding.register();
				HttpRequest request = HttpRequest.newBuilder(target.resolve(run.nextPath()))
					.timeout(this.properties.requestTimeout())
					.build();
				this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
					.whenComplete((response, failure) -> {
						if (failure == null && response.statusCode() == 200) {
							run.completed();
						}
						else {
							run.failed();
						}
						this.inFlight.release();
						outstanding.arriveAndDeregister();
					});
			}
			outstanding.arriveAndAwaitAdvance();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.error("Test run {} stopped early", run.id(), ex);
		}
		finally {
			run.finish();
			this.active.decrementAndGet();
		}
	}

	// Forgets the oldest finished runs beyond max-kept; running ones are always kept.
	private void remember(TestRun run) {
		synchronized (this.runs) {
			this.runs.put(run.id(), run);
			Iterator<TestRun> oldest = this.runs.values().iterator();
			while (this.runs.size() > this.properties.maxKept() && oldest.hasNext()) {
				if (oldest.next().finished()) {
					oldest.remove();
				}
			}
		}
	}

	private static ErrorResponseException refusal(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	@Override
	public void start() {
		this.running = true;
	}

	// Runs stop sending before the web server drains its requests, so shutdown waits for
	// the requests in flight and not for whole runs.
	@Override
	public void stop() {
		this.running = false;
		long deadline = System.nanoTime() + this.properties.requestTimeout().plusSeconds(1).toNanos();
		try {
			for (Thread runner : this.runners) {
				runner.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
