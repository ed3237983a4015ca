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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;

import dev.keel.platform.InternalRequests;

/**
 * Starts and remembers load-test runs. All runs together keep at most
 * {@code test-runs.concurrency} requests in flight (a fair semaphore shares them out), so
 * several runs progress side by side and the service keeps capacity for other clients.
 * Runs live in this instance's memory; with a {@link RedisTestRuns} (production), each
 * run's view is also written there when it starts, every {@link #PUBLISH_INTERVAL_MILLIS}
 * while it runs and once it has finished, so that every instance answers for it, and
 * max-active counts the runs of the whole fleet. A run's own instance answers from
 * memory, so it still does while Redis is away; a run started then counts against this
 * instance's limit alone and reaches Redis once it answers.
 */
class TestRuns implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TestRuns.class);

	static final long PUBLISH_INTERVAL_MILLIS = 250;

	private final StatsProperties.TestRunSettings settings;

	private final Semaphore inFlight;

	private final AtomicInteger active = new AtomicInteger();

	private final Map<String, TestRun> runs = new LinkedHashMap<>();

	private final Set<Thread> runners = ConcurrentHashMap.newKeySet();

	private volatile @Nullable URI ownAddress;

	private volatile @Nullable HttpClient client;

	private final @Nullable RedisTestRuns shared;

	// Runs whose last view is not in Redis yet: running ones, and finished ones until
	// their final view is written.
	private final Set<TestRun> unpublished = ConcurrentHashMap.newKeySet();

	private volatile @Nullable ScheduledExecutorService publisher;

	private volatile boolean publishFailing;

	private final InternalRequests internal;

	TestRuns(StatsProperties properties, @Nullable RedisTestRuns shared, InternalRequests internal) {
		this.internal = internal;
		this.settings = properties.testRuns();
		this.inFlight = new Semaphore(this.settings.concurrency(), true);
		this.shared = shared;
	}

	// Every start of the web server, since a restarted context may listen elsewhere.
	@EventListener
	void serverStarted(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.ownAddress = URI.create("http://127.0.0.1:" + event.getWebServer().getPort());
		}
	}

	TestRun start(int requests) {
		HttpClient client = this.client;
		URI target = (this.settings.target() != null) ? this.settings.target() : this.ownAddress;
		if (client == null || target == null) {
			throw new NotServing();
		}
		if (this.active.incrementAndGet() > this.settings.maxActive()) {
			this.active.decrementAndGet();
			throw new TooManyTestRuns(this.settings.maxActive());
		}
		TestRun run = new TestRun(requests);
		if (this.shared != null) {
			share(run, this.shared);
		}
		remember(run);
		Thread runner = Thread.ofVirtual().name("test-run-" + run.id()).unstarted(() -> {
			try {
				execute(run, client, target);
			}
			finally {
				this.runners.remove(Thread.currentThread());
			}
		});
		this.runners.add(runner);
		runner.start();
		return run;
	}

	private void share(TestRun run, RedisTestRuns shared) {
		try {
			if (!shared.start(run, this.settings.maxActive(), this.settings.maxKept())) {
				this.active.decrementAndGet();
				throw new TooManyTestRuns(this.settings.maxActive());
			}
		}
		catch (DataAccessException ex) {
			log.warn("Test run {} starts unshared, limited by this instance's runs alone; Redis did not answer: {}",
					run.id(), ex.toString());
		}
		this.unpublished.add(run);
	}

	/**
	 * The run's view: from memory if this instance runs it, else as its instance last
	 * wrote it to Redis.
	 * @throws TestRunsUnreachable if it is not here and Redis does not answer
	 */
	Optional<TestRun.View> find(String id) {
		synchronized (this.runs) {
			TestRun run = this.runs.get(id);
			if (run != null) {
				return Optional.of(run.view());
			}
		}
		if (this.shared == null || !isRunId(id)) {
			return Optional.empty();
		}
		try {
			return this.shared.find(id);
		}
		catch (DataAccessException ex) {
			throw new TestRunsUnreachable(ex);
		}
	}

	private static boolean isRunId(String id) {
		try {
			return id.length() == 36 && UUID.fromString(id).toString().equals(id);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	// Only ever on one thread at a time: the publisher's, or stop()'s once it has ended,
	// so a run's views reach Redis in order and its final one last.
	private void publish() {
		RedisTestRuns shared = this.shared;
		if (shared == null) {
			return;
		}
		for (TestRun run : this.unpublished) {
			TestRun.View view = run.view();
			try {
				shared.update(run, view);
			}
			catch (RuntimeException ex) {
				if (!this.publishFailing) {
					this.publishFailing = true;
					log.warn("Test runs: Redis does not answer ({}); other instances cannot see this one's runs "
							+ "until it does", ex.toString());
				}
				return;
			}
			if (view.state().equals(TestRun.FINISHED)) {
				this.unpublished.remove(run);
			}
		}
		if (this.publishFailing) {
			this.publishFailing = false;
			log.info("Test runs: Redis answers again; this instance's runs are written there");
		}
	}

	private void publishSoon() {
		ScheduledExecutorService publisher = this.publisher;
		if (publisher != null) {
			try {
				publisher.execute(this::publish);
			}
			catch (RejectedExecutionException ex) {
				// Stopping: stop() publishes once more.
			}
		}
	}

	private void execute(TestRun run, HttpClient client, URI target) {
		Phaser outstanding = new Phaser(1);
		try {
			for (int i = 0; i < run.requested() && this.client == client; i++) {
				this.inFlight.acquire();
				outstanding.register();
				send(client, target, run.nextPath(), (ok) -> {
					if (ok) {
						run.completed();
					}
					else {
						run.failed();
					}
					this.inFlight.release();
					outstanding.arriveAndDeregister();
				});
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			// A run is finished once its last answer is in, however it ended.
			outstanding.arriveAndAwaitAdvance();
			run.finish();
			this.active.decrementAndGet();
			publishSoon();
		}
	}

	private void send(HttpClient client, URI target, String path, Consumer<Boolean> answered) {
		try {
			// Marked as this instance's own, so its limits do not throttle the load test.
			HttpRequest request = HttpRequest.newBuilder(target.resolve(path))
				.header(InternalRequests.HEADER, this.internal.token())
				.timeout(this.settings.requestTimeout())
				.build();
			client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> answered.accept(failure == null && response.statusCode() == 200));
		}
		catch (RuntimeException ex) {
			log.warn("Test run request to {}{} not sent: {}", target, path, ex.toString());
			answered.accept(false);
		}
	}

	// Forgets the oldest finished runs beyond max-kept; running ones are always kept.
	private void remember(TestRun run) {
		synchronized (this.runs) {
			this.runs.put(run.id(), run);
			Iterator<TestRun> oldest = this.runs.values().iterator();
			while (this.runs.size() > this.settings.maxKept() && oldest.hasNext()) {
				TestRun forgotten = oldest.next();
				if (forgotten.finished()) {
					oldest.remove();
					this.unpublished.remove(forgotten);
				}
			}
		}
	}

	@Override
	public void start() {
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		if (this.shared != null) {
			ScheduledExecutorService publisher = Executors
				.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("test-runs").daemon(true).factory());
			publisher.scheduleWithFixedDelay(this::publish, PUBLISH_INTERVAL_MILLIS, PUBLISH_INTERVAL_MILLIS,
					TimeUnit.MILLISECONDS);
			this.publisher = publisher;
		}
	}

	// Runs stop sending before the web server drains its requests (this phase stops
	// first), so shutdown waits for the requests in flight and not for whole runs.
	@Override
	public void stop() {
		HttpClient client = this.client;
		this.client = null;
		long deadline = System.nanoTime() + this.settings.requestTimeout().plusSeconds(1).toNanos();
		try {
			for (Thread runner : this.runners) {
				runner.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (client != null) {
			client.shutdownNow();
		}
		stopPublishing();
	}

	// The runs' last views, written before the Redis connection closes (phase 0).
	private void stopPublishing() {
		ScheduledExecutorService publisher = this.publisher;
		if (publisher == null) {
			return;
		}
		this.publisher = null;
		publisher.shutdown();
		try {
			publisher.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		publish();
	}

	@Override
	public boolean isRunning() {
		return this.client != null;
	}

}
