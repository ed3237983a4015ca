package dev.keel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keel.platform.RequiresServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet as a user runs it: {@code deploy/fleet} starts three production instances of
 * the packaged jar behind nginx on the real PostgreSQL, Redis and RabbitMQ, and a second
 * deployment of one instance beside it on another database. Run by Maven's failsafe after
 * the jar is built ({@code ./mvnw verify}).
 */
@RequiresServices
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DB_URL = env("KEEL_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	private static final String DB_USER = env("KEEL_TEST_DB_USER", "postgres");

	private static final String REDIS_URL = env("KEEL_TEST_REDIS_URL", "redis://127.0.0.1:6379");

	private static final String RABBITMQ_URL = env("KEEL_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

	private static final Path DATASET = Path.of("../shared/data/ratestask/rates.sql");

	private static final String BATCH_DAY = "2016-03-15";

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Fleet main = new Fleet("main", DB_URL + "_fleet");

	private final Fleet beside = new Fleet("beside", DB_URL + "_fleet_beside");

	private String balancer;

	// Production needs keys for writes: an admin key per deployment, by URL prefix.
	private final Map<String, String> keys = new ConcurrentHashMap<>();

	private String key;

	@BeforeAll
	void start() throws Exception {
		assertThat(Path.of("target/keel.jar")).as("the packaged jar").exists();
		assertThat(DATASET).as("the public rates dataset").exists();
		this.main.recreateDatabase();
		this.beside.recreateDatabase();
		this.main.run(Duration.ofMinutes(3), Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				"target/keel.jar", "import-rates", DATASET.toString());
		this.key = this.main.createKey();
		this.balancer = this.main.start(3);
	}

	@AfterAll
	void stop() throws Exception {
		this.beside.stopAndDrop();
		this.main.stopAndDrop();
	}

	@Test
	@Order(0)
	void aFleetThatCannotStartSaysWhyInOneLineAndLeavesNothingRunning() throws Exception {
		Fleet broken = new Fleet("broken", "jdbc:postgresql://127.0.0.1:1/nowhere");
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Outcome portTaken = broken.attempt(Duration.ofSeconds(30),
					Map.of("KEEL_FLEET_PORT", Integer.toString(taken.getLocalPort())), "deploy/fleet", "start", "1");
			assertThat(portTaken.exit()).isEqualTo(1);
			assertThat(portTaken.errors().strip())
				.isEqualTo("fleet: port " + taken.getLocalPort() + " (KEEL_FLEET_PORT) is taken");
		}
		Outcome noDatabase = broken.attempt(Duration.ofMinutes(2), Map.of(), "deploy/fleet", "start", "1");
		assertThat(noDatabase.exit()).isEqualTo(1);
		assertThat(noDatabase.errors().strip().lines()).singleElement()
			.asString()
			.startsWith("fleet: instance 1 (port ")
			.contains("did not become ready: ")
			.contains("Connection refused");
		assertThat(broken.attempt(Duration.ofSeconds(30), Map.of(), "deploy/fleet", "status").errors())
			.startsWith("fleet: no fleet runs");
	}

	@Test
	@Order(1)
	void requestCountsThroughTheBalancerAreExactOnEveryInstance() throws Exception {
		Map<String, Integer> sent = new HashMap<>();
		for (int i = 0; i < 300; i++) {
			String path = "/api/fleet/" + (i % 30);
			assertThat(get(this.balancer + path).statusCode()).isEqualTo(200);
			sent.merge(path, 1, Integer::sum);
		}
		// Each instance adds its counts to Redis every 100 ms.
		Map<String, Integer> counted = awaitCounts(sent.keySet(), 300);
		assertThat(counted).isEqualTo(sent);
		for (String instance : this.main.instanceUrls()) {
			JsonNode report = JSON.readTree(get(instance + "/stats/?limit=1000").body());
			Map<String, Integer> seen = new HashMap<>();
			report.path("items").forEach(item -> {
				if (sent.containsKey(item.path("url").asString())) {
					seen.put(item.path("url").asString(), item.path("count").asInt());
				}
			});
			assertThat(seen).as("the report of %s", instance).isEqualTo(sent);
		}
	}

	@Test
	@Order(2)
	void everyWriteIsSeenByAnotherInstanceRightAfterItsAnswer() throws Exception {
		List<String> instances = this.main.instanceUrls();
		String writer = instances.get(0);
		String reader = instances.get(1);
		String lane = "/rates?date_from=2016-01-05&date_to=2016-01-05&origin=CNSGH&destination=NLRTM";
		long before = averages(get(reader + lane)).get(0);

		HttpResponse<String> upload = post(writer + "/rates", "application/json", """
				{"date_from":"2016-01-05","date_to":"2016-01-05","origin_code":"CNSGH","destination_code":"NLRTM",
				 "price":1000000}""");
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		long afterUpload = averages(get(reader + lane)).get(0);
		assertThat(afterUpload).isGreaterThan(before);

		HttpResponse<String> batch = post(writer + "/rates/batches", "text/csv",
				"origin_code,destination_code,day,price\nCNSGH,NLRTM,2016-01-05,2000000\n");
		assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
		String location = batch.headers().firstValue("Location").orElseThrow();
		Instant deadline = Instant.now().plusSeconds(30);
		while (!JSON.readTree(get(reader + location).body()).path("state").asString().equals("applied")) {
			assertThat(Instant.now()).as("batch applied").isBefore(deadline);
			Thread.sleep(50);
		}
		assertThat(averages(get(reader + lane)).get(0)).isGreaterThan(afterUpload);

		HttpResponse<String> author = post(writer + "/authors", "application/json", "{\"name\": \"Fleet author\"}");
		assertThat(author.statusCode()).as(author.body()).isEqualTo(201);
		String authorPath = author.headers().firstValue("Location").orElseThrow();
		assertThat(JSON.readTree(get(reader + authorPath).body()).path("name").asString()).isEqualTo("Fleet author");

		HttpResponse<String> renamed = send(HttpRequest.newBuilder(URI.create(writer + authorPath))
			.header("Content-Type", "application/json")
			.header("If-Match", "\"1\"")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Renamed\"}")));
		assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
		assertThat(JSON.readTree(get(reader + authorPath).body()).path("name").asString()).isEqualTo("Renamed");

		long authorId = Long.parseLong(authorPath.substring(authorPath.lastIndexOf('/') + 1));
		HttpResponse<String> book = post(writer + "/books", "application/json",
				"{\"title\": \"Fleet book\", \"author_ids\": [" + authorId + "]}");
		assertThat(book.statusCode()).as(book.body()).isEqualTo(201);
		assertThat(JSON.readTree(get(reader + authorPath + "/books").body()).path("total").asInt()).isEqualTo(1);

		String bookPath = book.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> deleted = send(
				HttpRequest.newBuilder(URI.create(writer + bookPath)).header("If-Match", "\"1\"").DELETE());
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertThat(get(reader + bookPath).statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(get(reader + authorPath + "/books").body()).path("total").asInt()).isZero();

		String search = "/v1/?contains=fleetwide";
		assertThat(JSON.readTree(get(reader + search).body()).path("total").asInt()).isZero();
		HttpResponse<String> ingest = post(writer + "/v1/bulk", "application/json",
				"{\"items\": [{\"title\": \"Fleetwide news\", \"uri\": \"https://example.com/f\", \"date\": \"2018-06-23\"}]}");
		assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
		assertThat(JSON.readTree(get(reader + search).body()).path("total").asInt()).isEqualTo(1);
	}

	@Test
	@Order(3)
	void aRollingDeployUnderLoadFailsNoReadAndLosesOrDoublesNoWrite() throws Exception {
		Load load = new Load(16);
		load.start();
		try {
			this.main.run(Duration.ofMinutes(6), "deploy/fleet", "roll");
		}
		finally {
			load.stop();
		}
		assertThat(load.reads.get()).isPositive();
		assertThat(load.failedReads).as("failed reads of %d", load.reads.get()).isEmpty();
		assertThat(load.writesAnswered).isNotEmpty();
		Map<String, Integer> stored = this.main.authorNames("roll-%");
		load.writesAnswered.keySet()
			.forEach(name -> assertThat(stored.get(name)).as("stored once: " + name).isEqualTo(1));
		load.writesUnanswered.keySet()
			.forEach(name -> assertThat(stored.getOrDefault(name, 0)).as(name).isLessThanOrEqualTo(1));
		assertThat(stored.keySet()).isSubsetOf(union(load.writesAnswered.keySet(), load.writesUnanswered.keySet()));
		assertThat(this.main.status()).allMatch(line -> line.endsWith(" ready"));
		// Every accepted batch applied, once; one never answered applied at most once.
		assertThat(load.batchesAccepted).isNotEmpty();
		for (String batch : load.batchesAccepted) {
			Instant deadline = Instant.now().plusSeconds(60);
			while (!JSON.readTree(get(this.balancer + batch).body()).path("state").asString().equals("applied")) {
				assertThat(Instant.now()).as(batch + " applied").isBefore(deadline);
				Thread.sleep(100);
			}
		}
		long applied = this.main.count("SELECT COUNT(*) FROM prices WHERE day = DATE '" + BATCH_DAY + "'");
		assertThat(applied).isBetween((long) load.batchesAccepted.size(),
				(long) load.batchesAccepted.size() + load.batchesUnanswered.get());
	}

	@Test
	@Order(4)
	void readsGoOnWhenAnInstanceIsKilledAndTheFleetRecovers() throws Exception {
		Load load = new Load(8);
		load.start();
		try {
			Thread.sleep(1000);
			long pid = Long.parseLong(this.main.status().get(0).split(" ")[0]);
			new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
			Thread.sleep(5000);
		}
		finally {
			load.stop();
		}
		assertThat(load.failedReads).as("failed reads of %d", load.reads.get()).isEmpty();
		assertThat(this.main.status().get(0)).endsWith(" stopped");
		this.main.run(Duration.ofMinutes(6), "deploy/fleet", "roll");
		assertThat(this.main.status()).hasSize(3).allMatch(line -> line.endsWith(" ready"));
	}

	@Test
	@Order(5)
	void aSecondDeploymentSharingRedisAndRabbitMqSeesNothingOfTheFirst() throws Exception {
		String other = this.beside.start(1);
		this.keys.put(other, this.beside.createKey());
		assertThat(get(other + "/api/only-beside").statusCode()).isEqualTo(200);
		assertThat(this.client
			.send(HttpRequest.newBuilder(URI.create(other + "/authors"))
				.header("Authorization", "Bearer " + this.key)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Intruder\"}"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).as("the other deployment's key").isEqualTo(401);
		HttpResponse<String> author = post(other + "/authors", "application/json", "{\"name\": \"Beside\"}");
		assertThat(author.headers().firstValue("Location")).contains("/authors/1");
		assertThat(JSON.readTree(get(this.balancer + "/authors/1").body()).path("name").asString())
			.isEqualTo("Renamed");
		assertThat(JSON.readTree(get(other + "/authors/1").body()).path("name").asString()).isEqualTo("Beside");
		Thread.sleep(500);
		assertThat(get(other + "/stats/?limit=1000").body()).doesNotContain("/api/fleet/");
		assertThat(get(this.balancer + "/stats/?limit=1000").body()).doesNotContain("/api/only-beside");
		HttpResponse<String> batch = post(other + "/rates/batches", "text/csv",
				"origin_code,destination_code,day,price\nCNSGH,NLRTM,2016-01-05,1\n");
		// No ports in this deployment's database: its own queue, its own rules.
		assertThat(batch.statusCode()).as(batch.body()).isEqualTo(422);
	}

	private Map<String, Integer> awaitCounts(Iterable<String> paths, int total) throws Exception {
		Instant deadline = Instant.now().plusSeconds(10);
		while (true) {
			JsonNode report = JSON.readTree(get(this.balancer + "/stats/?limit=1000").body());
			Map<String, Integer> counted = new HashMap<>();
			report.path("items").forEach(item -> counted.put(item.path("url").asString(), item.path("count").asInt()));
			Map<String, Integer> ours = new HashMap<>();
			int sum = 0;
			for (String path : paths) {
				ours.put(path, counted.getOrDefault(path, 0));
				sum += counted.getOrDefault(path, 0);
			}
			if (sum >= total || Instant.now().isAfter(deadline)) {
				return ours;
			}
			Thread.sleep(100);
		}
	}

	private static List<Long> averages(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		List<Long> averages = new ArrayList<>();
		JSON.readTree(answer.body()).forEach(day -> averages.add(day.path("average_price").asLong()));
		return averages;
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	private HttpResponse<String> post(String url, String type, String body) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", type)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		String url = request.copy().build().uri().toString();
		String key = this.keys.entrySet()
			.stream()
			.filter(deployment -> url.startsWith(deployment.getKey() + "/"))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(this.key);
		return this.client.send(
				request.header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static <T> java.util.Set<T> union(java.util.Set<T> one, java.util.Set<T> other) {
		java.util.Set<T> all = new java.util.HashSet<>(one);
		all.addAll(other);
		return all;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	/**
	 * Clients sending reads ({@code GET /rates}, uncached or not) and writes (a new
	 * author each, by a unique name) through the balancer until stopped.
	 */
	private final class Load {

		private final int clients;

		private final AtomicBoolean stopping = new AtomicBoolean();

		private final AtomicInteger reads = new AtomicInteger();

		private final List<String> failedReads = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final Map<String, Integer> writesAnswered = new ConcurrentHashMap<>();

		private final Map<String, Integer> writesUnanswered = new ConcurrentHashMap<>();

		private final List<String> batchesAccepted = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final AtomicInteger batchesUnanswered = new AtomicInteger();

		private final ExecutorService pool;

		Load(int clients) {
			this.clients = clients;
			this.pool = Executors.newFixedThreadPool(clients);
		}

		void start() {
			AtomicInteger names = new AtomicInteger();
			for (int c = 0; c < this.clients; c++) {
				int client = c;
				this.pool.submit(() -> {
					int n = 0;
					while (!this.stopping.get()) {
						n++;
						if (client == 1 && n % 10 == 0) {
							batch();
						}
						else if (client % 4 == 0 && n % 2 == 0) {
							write("roll-" + System.nanoTime() + "-" + names.incrementAndGet());
						}
						else {
							read("/rates?date_from=2016-01-01&date_to=2016-01-" + (10 + n % 20)
									+ "&origin=CNSGH&destination=north_europe_main");
						}
					}
					return null;
				});
			}
		}

		private void read(String path) {
			try {
				HttpResponse<String> answer = get(FleetIT.this.balancer + path);
				this.reads.incrementAndGet();
				if (answer.statusCode() != 200) {
					this.failedReads.add(answer.statusCode() + " " + answer.body());
				}
			}
			catch (IOException | InterruptedException ex) {
				this.failedReads.add(ex.toString());
			}
		}

		// One price on a day no other price has: the day's count is the batches applied.
		private void batch() {
			try {
				HttpResponse<String> answer = post(FleetIT.this.balancer + "/rates/batches", "text/csv",
						"origin_code,destination_code,day,price\nCNSGH,NLRTM," + BATCH_DAY + ",100\n");
				if (answer.statusCode() == 202) {
					this.batchesAccepted.add(answer.headers().firstValue("Location").orElseThrow());
				}
				else if (answer.statusCode() >= 500) {
					this.batchesUnanswered.incrementAndGet();
				}
				else {
					this.failedReads.add("batch answered " + answer.statusCode() + " " + answer.body());
				}
			}
			catch (IOException | InterruptedException ex) {
				this.batchesUnanswered.incrementAndGet();
			}
		}

		private void write(String name) {
			try {
				HttpResponse<String> answer = post(FleetIT.this.balancer + "/authors", "application/json",
						"{\"name\": \"" + name + "\"}");
				if (answer.statusCode() == 201) {
					this.writesAnswered.put(name, 1);
				}
				else if (answer.statusCode() >= 500) {
					// 502 or 503 from nginx or Keel: the write may or may not be stored.
					this.writesUnanswered.put(name, 1);
				}
				else {
					this.failedReads.add("write answered " + answer.statusCode() + " " + answer.body());
				}
			}
			catch (IOException | InterruptedException ex) {
				this.writesUnanswered.put(name, 1);
			}
		}

		void stop() throws InterruptedException {
			this.stopping.set(true);
			this.pool.shutdown();
			assertThat(this.pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
		}

	}

	/** What a command did: its exit code, its output lines, its error output. */
	private record Outcome(int exit, List<String> output, String errors) {

	}

	/** One deployment: a database of its own, a fleet directory of its own. */
	private static final class Fleet {

		private final String name;

		private final String database;

		private final Path dir;

		Fleet(String name, String database) {
			this.name = name;
			this.database = database;
			this.dir = Path.of("target/fleet-" + name).toAbsolutePath();
		}

		void recreateDatabase() throws SQLException {
			admin("DROP DATABASE IF EXISTS " + databaseName() + " WITH (FORCE)", "CREATE DATABASE " + databaseName());
		}

		String start(int instances) throws Exception {
			List<String> output = run(Duration.ofMinutes(4), "deploy/fleet", "start", Integer.toString(instances));
			return output.get(output.size() - 1);
		}

		/** An admin key for the tests' requests, limited far above what they send. */
		String createKey() throws Exception {
			List<String> output = run(Duration.ofMinutes(2),
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/keel.jar",
					"api-keys", "create", "--name", "fleet-it", "--role", "admin", "--rate-limit", "1000000/1s");
			return output.get(output.size() - 1);
		}

		List<String> status() throws Exception {
			return run(Duration.ofSeconds(30), "deploy/fleet", "status");
		}

		List<String> instanceUrls() throws Exception {
			return status().stream().map(line -> "http://127.0.0.1:" + line.split(" ")[1]).toList();
		}

		long count(String sql) throws SQLException {
			try (Connection connection = DriverManager.getConnection(this.database, DB_USER, null);
					Statement statement = connection.createStatement();
					var rows = statement.executeQuery(sql)) {
				rows.next();
				return rows.getLong(1);
			}
		}

		Map<String, Integer> authorNames(String like) throws SQLException {
			Map<String, Integer> names = new HashMap<>();
			try (Connection connection = DriverManager.getConnection(this.database, DB_USER, null);
					var statement = connection.prepareStatement("SELECT name FROM authors WHERE name LIKE ?")) {
				statement.setString(1, like);
				try (var rows = statement.executeQuery()) {
					while (rows.next()) {
						names.merge(rows.getString(1), 1, Integer::sum);
					}
				}
			}
			return names;
		}

		void stopAndDrop() throws Exception {
			if (Files.exists(this.dir.resolve("instances"))) {
				run(Duration.ofMinutes(2), "deploy/fleet", "stop");
			}
			String id = null;
			try (Connection connection = DriverManager.getConnection(this.database, DB_USER, null);
					Statement statement = connection.createStatement();
					var rows = statement.executeQuery("SELECT id FROM keel_deployment")) {
				id = rows.next() ? rows.getString(1) : null;
			}
			catch (SQLException ex) {
				// never started
			}
			if (id != null) {
				// Its queues and Redis keys go with it.
				for (String queue : List.of("keel:" + id + ":rates.batches", "keel:" + id + ":rates.batches.dead")) {
					new ProcessBuilder("rabbitmqctl", "delete_queue", queue, "-q").redirectErrorStream(true)
						.start()
						.waitFor(30, TimeUnit.SECONDS);
				}
			}
			admin("DROP DATABASE IF EXISTS " + databaseName() + " WITH (FORCE)");
		}

		/** Runs a command from the project's root with this deployment's settings. */
		List<String> run(Duration timeout, String... command) throws Exception {
			Outcome outcome = attempt(timeout, Map.of(), command);
			assertThat(outcome.exit()).as("%s: %s", String.join(" ", command), outcome.errors()).isZero();
			return outcome.output();
		}

		/**
		 * Runs a command that may fail, with {@code settings} added to the environment.
		 */
		Outcome attempt(Duration timeout, Map<String, String> settings, String... command) throws Exception {
			Path log = Files.createTempFile("fleet-" + this.name, ".log");
			Path errorLog = log.resolveSibling(log.getFileName() + ".err");
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(log.toFile())
				.redirectError(errorLog.toFile());
			Map<String, String> env = builder.environment();
			env.put("KEEL_FLEET_DIR", this.dir.toString());
			env.put("KEEL_DB_URL", this.database);
			env.put("KEEL_DB_USER", DB_USER);
			env.put("KEEL_REDIS_URL", REDIS_URL);
			env.put("KEEL_RABBITMQ_URL", RABBITMQ_URL);
			env.put("SPRING_PROFILES_ACTIVE", "production");
			env.put("JAVA_HOME", System.getProperty("java.home"));
			env.put("PATH", System.getProperty("java.home") + "/bin:" + env.getOrDefault("PATH", "/usr/bin:/bin"));
			env.putAll(settings);
			Process process = builder.start();
			boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			String errors = Files.readString(errorLog);
			assertThat(done).as("%s finished in time; %s", String.join(" ", command), errors).isTrue();
			return new Outcome(process.exitValue(), Files.readAllLines(log), errors);
		}

		private String databaseName() {
			return this.database.substring(this.database.lastIndexOf('/') + 1);
		}

		private static void admin(String... statements) throws SQLException {
			try (Connection admin = DriverManager.getConnection(DB_URL, DB_USER, null);
					Statement statement = admin.createStatement()) {
				for (String sql : statements) {
					statement.execute(sql);
				}
			}
		}

	}

}
