package dev.keel.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.keel.platform.Http;
import dev.keel.platform.OnEmbeddedStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How test runs are started and limited, with runs sent to a stand-in server that holds
 * every request until the test lets it answer: a cheap way to keep a run going as long as
 * needed. (Nothing here involves the count store, so the embedded storage is enough.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@OnEmbeddedStorage
@TestPropertySource(properties = { "keel.stats.test-runs.max-active=1", "keel.stats.test-runs.concurrency=3" })
@DirtiesContext
class TestRunsTests {

	static final HeldTarget target = new HeldTarget();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void runsGoToTheHeldTarget(DynamicPropertyRegistry properties) {
		properties.add("keel.stats.test-runs.target", target::url);
	}

	@Autowired
	ConfigurableApplicationContext application;

	@BeforeEach
	void holdAnswers() {
		target.hold();
	}

	@AfterAll
	static void stopTarget() {
		target.stop();
	}

	@Test
	void refusesRunsBeyondMaxActiveAndKeepsAtMostConcurrencyRequestsInFlight() {
		StatsClient client = new StatsClient(this.port);
		Http.Reply started = client.send("POST", "/test/10/");
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> target.inFlight.get() == 3);

		Http.Reply refused = client.send("POST", "/test/1/");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.detail()).contains("max-active");
		JsonNode running = client.get(started.location()).json();
		assertThat(running.path("state").asString()).isEqualTo("running");
		assertThat(running.path("completed").asInt()).isZero();

		target.answerAll();
		JsonNode finished = awaitFinished(client, started.location());
		assertThat(finished.path("completed").asInt()).isEqualTo(10);
		assertThat(finished.path("failed").asInt()).isZero();
		assertThat(target.mostInFlight.get()).isEqualTo(3);
		assertThat(target.answered.get()).isEqualTo(10);

		// Once the run has finished, another may start.
		Http.Reply next = client.send("POST", "/test/2");
		assertThat(next.status()).as(next.body()).isEqualTo(202);
		assertThat(awaitFinished(client, next.location()).path("completed").asInt()).isEqualTo(2);
	}

	// As a JVM checkpoint and restore does, or the test framework pausing a cached
	// context while other tests run.
	@Test
	void runsStartAgainAfterTheApplicationIsStoppedAndStartedAgain() {
		this.application.stop();
		this.application.start();
		target.answerAll();
		StatsClient client = new StatsClient(
				Integer.parseInt(this.application.getEnvironment().getRequiredProperty("local.server.port")));
		Http.Reply started = client.send("POST", "/test/3/");
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		JsonNode finished = awaitFinished(client, started.location());
		assertThat(finished.path("completed").asInt()).isEqualTo(3);
		assertThat(finished.path("failed").asInt()).isZero();
	}

	private static JsonNode awaitFinished(StatsClient client, String location) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> client.get(location).json(), view -> "finished".equals(view.path("state").asString()));
	}

	/**
	 * An HTTP server that answers 200 only once let, and remembers its busiest moment.
	 */
	static final class HeldTarget {

		final AtomicInteger inFlight = new AtomicInteger();

		final AtomicInteger mostInFlight = new AtomicInteger();

		final AtomicInteger answered = new AtomicInteger();

		private volatile Semaphore answers = new Semaphore(0);

		private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

		private final HttpServer server;

		HeldTarget() {
			try {
				this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.server.setExecutor(this.threads);
			this.server.createContext("/", this::hold);
			this.server.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		/** Holds every request from now on, and forgets those seen so far. */
		void hold() {
			this.answers = new Semaphore(0);
			this.mostInFlight.set(0);
			this.answered.set(0);
		}

		void answerAll() {
			this.answers.release(1_000_000);
		}

		void stop() {
			answerAll();
			this.server.stop(0);
			this.threads.shutdown();
		}

		private void hold(HttpExchange exchange) throws IOException {
			int now = this.inFlight.incrementAndGet();
			this.mostInFlight.accumulateAndGet(now, Math::max);
			this.answers.acquireUninterruptibly();
			// Before answering: the client sends its next request once it has the answer.
			this.inFlight.decrementAndGet();
			this.answered.incrementAndGet();
			try (exchange) {
				byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
			}
		}

	}

}
