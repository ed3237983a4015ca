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
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts and remembers load-test runs. All runs together keep at most
 * {@code test-runs.concurrency} requests in flight (a fair semaphore shares them out), so
 * several runs progress side by side and the service keeps capacity for other clients.
 * Runs live in this instance's memory.
 */
@Component
class TestRuns implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TestRuns.class);

	private final StatsProperties.TestRunSettings settings;

	private final Semaphore inFlight;

	private final AtomicInteger active = new AtomicInteger();

	private final Map<String, TestRun> runs = new LinkedHashMap<>();

	private final Set<Thread> runners = ConcurrentHashMap.newKeySet();

	private volatile @Nullable URI ownAddress;

	private volatile @Nullable HttpClient client;

	TestRuns(StatsProperties properties) {
		this.settings = properties.testRuns();
		this.inFlight = new Semaphore(this.settings.concurrency(), true);
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

	Optional<TestRun> find(String id) {
		synchronized (this.runs) {
			return Optional.ofNullable(this.runs.get(id));
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
		}
	}

	private void send(HttpClient client, URI target, String path, Consumer<Boolean> answered) {
		try {
			HttpRequest request = HttpRequest.newBuilder(target.resolve(path))
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
				if (oldest.next().finished()) {
					oldest.remove();
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
	}

	@Override
	public boolean isRunning() {
		return this.client != null;
	}

}
