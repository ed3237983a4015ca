package dev.keel.access;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.keel.KeelApplication;
import dev.keel.platform.Http;
import dev.keel.platform.RequiresServices;
import dev.keel.platform.TcpForwarder;

import static dev.keel.access.AccessClient.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of one deployment on the production profile, sharing PostgreSQL and
 * Redis, with keys required and limits on: a limit holds for the fleet exactly, a key
 * revoked on one instance is refused by the others within a second, and while Redis is
 * away an instance set to fail open serves and one set to fail closed refuses. A and C
 * reach Redis through forwarders the last test cuts, so it runs last; the contexts are
 * started once for all the tests, as starting them is most of the time they take.
 */
@RequiresServices
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class AccessAcrossInstancesTests {

	private static final String DB_URL = env("KEEL_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	private static final String DB_USER = env("KEEL_TEST_DB_USER", "postgres");

	private static final String REDIS_URL = env("KEEL_TEST_REDIS_URL", "redis://127.0.0.1:6379");

	static TcpForwarder redisOfA;

	static TcpForwarder redisOfC;

	static TcpForwarder databaseOfB;

	static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	static ConfigurableApplicationContext c;

	@BeforeAll
	static void startThreeInstances() {
		redisOfA = TcpForwarder.toRedis();
		redisOfC = TcpForwarder.toRedis();
		URI database = URI.create(DB_URL.substring("jdbc:".length()));
		databaseOfB = new TcpForwarder(database.getHost(), (database.getPort() > 0) ? database.getPort() : 5432);
		a = start(DB_URL, redisOfA.redisUrl(), "open");
		b = start("jdbc:postgresql://127.0.0.1:" + databaseOfB.port() + database.getPath(), REDIS_URL, "open");
		c = start(DB_URL, redisOfC.redisUrl(), "closed");
	}

	@AfterAll
	static void stopThem() {
		instances.forEach(ConfigurableApplicationContext::close);
		redisOfA.close();
		redisOfC.close();
		databaseOfB.close();
	}

	@Test
	@Order(1)
	void aKeysLimitHoldsExactlyForTheFleet() throws Exception {
		String key = keys(a).create(AccessContract.unique("exact"), Role.READER, "100/1m", null).key();
		List<String> bases = List.of(AccessClient.of(a).http().base(), AccessClient.of(b).http().base(),
				AccessClient.of(c).http().base());
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Integer>> answers = new ArrayList<>();
		try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 1000; i++) {
				HttpRequest request = HttpRequest.newBuilder(URI.create(bases.get(i % 3) + "/api/exact"))
					.header("Authorization", "Bearer " + key)
					.timeout(Duration.ofSeconds(60))
					.build();
				answers.add(senders.submit(() -> {
					go.await();
					return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				}));
			}
			go.countDown();
			Map<Integer, Long> statuses = new java.util.TreeMap<>();
			for (Future<Integer> answer : answers) {
				statuses.merge(answer.get(), 1L, Long::sum);
			}
			assertThat(statuses).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(200, 100L, 429, 900L)));
		}
		// And the fleet goes on refusing it, on every instance.
		for (ConfigurableApplicationContext instance : instances) {
			Http.Reply reply = AccessClient.of(instance).get("/api/exact").key(key).send();
			assertThat(reply.status()).isEqualTo(429);
			assertThat(reply.header("RateLimit")).isEqualTo("\"key\";r=0;t=" + reply.header("Retry-After"));
		}
	}

	@Test
	@Order(2)
	void aClientWithoutAKeyIsItsAddressOnEveryInstance() {
		String address = AccessContract.randomAddress();
		for (int i = 0; i < 5; i++) {
			Http.Reply reply = AccessClient.of(instances.get(i % 3)).get("/api/anonymous").from(address).send();
			assertThat(reply.status()).isEqualTo(200);
			assertThat(AccessContract.remaining(reply, "reads")).isEqualTo(4 - i);
		}
		for (ConfigurableApplicationContext instance : instances) {
			assertThat(AccessClient.of(instance).get("/api/anonymous").from(address).send().status()).isEqualTo(429);
		}
		assertThat(AccessClient.of(c).get("/api/anonymous").from(AccessContract.randomAddress()).send().status())
			.isEqualTo(200);
	}

	@Test
	@Order(3)
	void aKeyRevokedOnOneInstanceIsRefusedByEveryInstanceWithinASecond() {
		String admin = keys(a).create(AccessContract.unique("admin"), Role.ADMIN, null, null).key();
		String name = AccessContract.unique("revoked");
		String key = keys(b).create(name, Role.READER, null, null).key();
		// Each instance has looked the key up, and holds the answer.
		for (ConfigurableApplicationContext instance : instances) {
			assertThat(AccessClient.of(instance).get("/api/revoked").key(key).send().status()).isEqualTo(200);
		}
		Http.Reply revoked = AccessClient.of(a).call("DELETE", "/admin/api-keys/" + name).key(admin).send();
		long revokedAt = System.nanoTime();
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertUnauthorized(AccessClient.of(a).get("/api/revoked").key(key).send(), "Authorization");
		for (ConfigurableApplicationContext other : List.of(b, c)) {
			AccessClient client = AccessClient.of(other);
			Http.Reply reply;
			do {
				reply = client.get("/api/revoked").key(key).send();
			}
			while (reply.status() == 200 && Duration.ofNanos(System.nanoTime() - revokedAt).toMillis() < 1500);
			assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("refused by another instance")
				.isLessThan(Duration.ofSeconds(1));
			assertUnauthorized(reply, "Authorization");
			assertThat(reply.detail()).contains("revoked");
		}
	}

	@Test
	@Order(4)
	void withRedisAwayAnInstanceFailingOpenServesUncheckedAndOneFailingClosedRefuses() throws Exception {
		String key = keys(b).create(AccessContract.unique("away"), Role.READER, "100/1m", null).key();
		// Checked on B, which keeps the lease of tokens it took: A has none to spend.
		assertThat(AccessClient.of(b).get("/api/away").key(key).send().header("RateLimit")).isNotNull();
		double unchecked = unchecked(a);
		redisOfA.cut();
		redisOfC.cut();
		long cut = System.nanoTime();
		// At once: the first few wait for Redis as long as its timeout, until the circuit
		// opens.
		List<Http.Reply> onA = atOnce(10, () -> AccessClient.of(a).get("/api/away").key(key).send());
		List<Http.Reply> onC = atOnce(10,
				() -> AccessClient.of(c).get("/api/away").from(AccessContract.randomAddress()).send());
		assertThat(Duration.ofNanos(System.nanoTime() - cut)).isLessThan(Duration.ofSeconds(10));
		for (Http.Reply reply : onA) {
			assertThat(reply.status()).as(reply.body()).isEqualTo(200);
			assertThat(reply.header("RateLimit")).isNull();
		}
		assertThat(unchecked(a) - unchecked).isEqualTo(10);
		for (Http.Reply refused : onC) {
			assertThat(refused.status()).as(refused.body()).isEqualTo(503);
			assertThat(refused.header("Retry-After")).isEqualTo("1");
			assertThat(refused.detail()).contains("unreachable", "fail closed");
		}
		assertThat(AccessClient.of(c).get("/actuator/health/liveness").send().status()).isEqualTo(200);
		// The instance that reaches Redis limits as before.
		Http.Reply limited = AccessClient.of(b).get("/api/away").key(key).send();
		assertThat(limited.status()).isEqualTo(200);
		assertThat(AccessContract.remaining(limited, "key")).isEqualTo(98);
	}

	@Test
	@Order(5)
	void whileTheDatabaseIsAwayARequestWithAKeyIsAnswered503() {
		String key = keys(a).create(AccessContract.unique("unseen"), Role.READER, null, null).key();
		AccessClient onB = AccessClient.of(b);
		databaseOfB.cut();
		try {
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				Http.Reply reply = onB.get("/api/unseen").key(key).send();
				assertThat(reply.status()).as(reply.body()).isEqualTo(503);
				assertThat(reply.header("Retry-After")).isEqualTo("1");
				assertThat(reply.detail()).contains("database is unavailable");
			});
			// Without a key nothing needs the database here.
			assertThat(onB.get("/api/unseen").from(AccessContract.randomAddress()).send().status()).isEqualTo(200);
		}
		finally {
			databaseOfB.open();
		}
	}

	@Test
	@Order(6)
	void noInstanceLogsAKeyOrAPassword(CapturedOutput output) {
		assertThat(output.getAll()).contains("Tomcat started on port")
			.doesNotContainPattern("keel_[A-Za-z0-9_-]{43}")
			.doesNotContain("generated security password");
	}

	private static List<Http.Reply> atOnce(int requests, Callable<Http.Reply> request) throws Exception {
		try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Http.Reply>> replies = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				replies.add(senders.submit(request));
			}
			List<Http.Reply> answered = new ArrayList<>();
			for (Future<Http.Reply> reply : replies) {
				answered.add(reply.get());
			}
			return answered;
		}
	}

	private static ApiKeys keys(ConfigurableApplicationContext instance) {
		return instance.getBean(ApiKeys.class);
	}

	private static double unchecked(ConfigurableApplicationContext instance) {
		return instance.getBean(MeterRegistry.class).get("keel.limits.unchecked").counter().count();
	}

	private static ConfigurableApplicationContext start(String dbUrl, String redisUrl, String onStoreFailure) {
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(KeelApplication.class)
			.profiles("production")
			.run("--server.port=0", "--spring.datasource.url=" + dbUrl,
					// Four instances in one test JVM, on a server other builds use too.
					"--spring.datasource.hikari.maximum-pool-size=4", "--spring.datasource.username=" + DB_USER,
					"--spring.data.redis.url=" + redisUrl,
					// Long enough that no command times out under a thousand requests at
					// once on
					// a busy machine: one that did would be served unchecked, or refused.
					"--spring.data.redis.timeout=2s", "--spring.data.redis.connect-timeout=500ms",
					"--keel.security.require-keys=true", "--keel.limits.enabled=true",
					"--keel.limits.on-store-failure=" + onStoreFailure, "--keel.limits.roles.anonymous.reads.rate=5/1h",
					"--keel.limits.roles.anonymous.reads.burst=5");
		instances.add(instance);
		return instance;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
