package dev.keel.rates;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.keel.KeelApplication;
import dev.keel.platform.Deployment;
import dev.keel.platform.Http;
import dev.keel.platform.RequiresServices;
import dev.keel.platform.TcpForwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Price batches on the production queue when things go wrong: messages delivered twice,
 * the broker's connection cut, an instance stopped in the middle of a batch, messages
 * lost (published again by the sweep), a batch that cannot be applied. Each test starts
 * its own instances on a new database beside {@code KEEL_TEST_DB_URL}'s (a new
 * deployment, so a queue of its own), with the real Redis and RabbitMQ.
 */
@RequiresServices
class PriceBatchFaultsTests {

	private static final String DB_USER = env("KEEL_TEST_DB_USER", "postgres");

	private static final String REDIS_URL = env("KEEL_TEST_REDIS_URL", "redis://127.0.0.1:6379");

	private static final String RABBITMQ_URL = env("KEEL_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

	/** A database of these tests alone: no other test's instance consumes its queue. */
	private static final String DB_URL = env("KEEL_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test") + "_batches";

	private static final Duration APPLIED_WITHIN = Duration.ofSeconds(30);

	private final List<String> deployments = new ArrayList<>();

	private final List<String> queues = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private JdbcClient jdbc;

	@BeforeEach
	void newDatabase() throws SQLException {
		admin("DROP DATABASE IF EXISTS " + name(DB_URL) + " WITH (FORCE)", "CREATE DATABASE " + name(DB_URL));
		DriverManagerDataSource direct = new DriverManagerDataSource(DB_URL);
		direct.setUsername(DB_USER);
		this.jdbc = JdbcClient.create(direct);
	}

	@AfterEach
	void removeWhatTheDeploymentLeft() throws Exception {
		for (AutoCloseable resource : this.resources.reversed()) {
			resource.close();
		}
		CachingConnectionFactory connections = new CachingConnectionFactory(URI.create(RABBITMQ_URL));
		try {
			RabbitAdmin rabbit = new RabbitAdmin(connections);
			for (String queue : this.queues) {
				rabbit.deleteQueue(queue);
				rabbit.deleteQueue(queue + ".dead");
			}
		}
		finally {
			connections.destroy();
		}
		LettuceConnectionFactory redisConnections = new LettuceConnectionFactory(
				LettuceConnectionFactory.createRedisConfiguration(REDIS_URL));
		redisConnections.afterPropertiesSet();
		redisConnections.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(redisConnections);
			for (String id : this.deployments) {
				redis.delete(redis.keys("*keel:" + id + ":*"));
			}
		}
		finally {
			redisConnections.destroy();
		}
	}

	@AfterAll
	static void dropDatabase() throws SQLException {
		admin("DROP DATABASE IF EXISTS " + name(DB_URL) + " WITH (FORCE)");
	}

	@Test
	void aBatchDeliveredAgainOrTwiceIsAppliedOnceAndEveryMessageIsConsumed() throws Exception {
		ConfigurableApplicationContext application = start(DB_URL, RABBITMQ_URL);
		Http http = http(application);
		RabbitTemplate rabbit = application.getBean(RabbitTemplate.class);
		String queue = application.getBean(RabbitBatchQueue.class).queueName();
		long summed = summaryCount();

		long applied = accepted(upload(http, csv(3, day(1), 1)));
		awaitState(applied, "applied");
		rabbit.convertAndSend("", queue, Long.toString(applied));

		long queued;
		try (ApplyLock lock = new ApplyLock()) {
			queued = accepted(upload(http, csv(2, day(2), 1)));
			rabbit.convertAndSend("", queue, Long.toString(queued));
			rabbit.convertAndSend("", queue, Long.toString(applied));
			assertThat(state(queued)).isIn("queued", "applying");
		}
		awaitState(queued, "applied");
		awaitEmpty(application, queue);

		// Stopped, the consumer gives back what it has not acknowledged.
		application.getBean(RabbitBatchQueue.class).stop();
		assertThat(messages(application, queue)).isZero();
		assertThat(pricesOn(day(1), 1)).isEqualTo(3);
		assertThat(pricesOn(day(2), 1)).isEqualTo(2);
		assertThat(summaryCount()).isEqualTo(summed + 5);
		assertThat(attempts(applied)).isOne();
		assertThat(attempts(queued)).isOne();
	}

	@Test
	void withTheBrokerCutUploadsAnswer503AndKeepNothingAndTheConsumerReconnectsByItself() throws Exception {
		URI broker = URI.create(RABBITMQ_URL);
		TcpForwarder rabbitmq = new TcpForwarder(broker.getHost(), (broker.getPort() > 0) ? broker.getPort() : 5672);
		this.resources.add(rabbitmq);
		ConfigurableApplicationContext application = start(DB_URL, through(broker, rabbitmq.port()));
		Http http = http(application);
		awaitState(accepted(upload(http, csv(1, day(1), 1))), "applied");

		long beforeCut;
		try (ApplyLock lock = new ApplyLock()) {
			beforeCut = accepted(upload(http, csv(4, day(2), 2)));
			// Taken by the consumer, which waits for the lock.
			awaitState(beforeCut, "applying");
			rabbitmq.cut();

			long batches = count("SELECT COUNT(*) FROM rate_batches");
			long staged = count("SELECT COUNT(*) FROM rate_batch_prices");
			for (int i = 0; i < 3; i++) {
				Http.Reply refused = upload(http, csv(3, day(5), 1));
				assertThat(refused.status()).as(refused.body()).isEqualTo(503);
				assertThat(refused.header("Retry-After")).isNotNull();
				assertThat(refused.detail()).contains("nothing was stored");
			}
			assertThat(count("SELECT COUNT(*) FROM rate_batches")).isEqualTo(batches);
			assertThat(count("SELECT COUNT(*) FROM rate_batch_prices")).isEqualTo(staged);
		}
		// The batch taken before the cut commits now, its acknowledgement lost with the
		// connection.
		awaitState(beforeCut, "applied");

		rabbitmq.open();
		Http.Reply after = await().atMost(APPLIED_WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> upload(http, csv(6, day(10), 3)), reply -> reply.status() == 202);
		awaitState(accepted(after), "applied");
		assertThat(pricesOn(day(2), 2)).isEqualTo(4);
		assertThat(pricesOn(day(5), 1)).isZero();
		assertThat(pricesOn(day(10), 3)).isEqualTo(6);
		String queue = application.getBean(RabbitBatchQueue.class).queueName();
		awaitEmpty(application, queue);
		application.getBean(RabbitBatchQueue.class).stop();
		assertThat(messages(application, queue)).isZero();
		assertThat(pricesOn(day(2), 2)).isEqualTo(4);
	}

	@Test
	void anInstanceStoppedMidApplyLeavesTheBatchToTheNextWhichAppliesItOnce() throws Exception {
		URI database = URI.create(DB_URL.substring("jdbc:".length()));
		TcpForwarder postgres = new TcpForwarder(database.getHost(),
				(database.getPort() > 0) ? database.getPort() : 5432);
		this.resources.add(postgres);
		// First to subscribe: the active consumer of the single-active-consumer queue.
		ConfigurableApplicationContext first = start(
				"jdbc:postgresql://127.0.0.1:" + postgres.port() + database.getPath(), RABBITMQ_URL,
				"--spring.datasource.hikari.data-source-properties.ApplicationName=keel-first");
		ConfigurableApplicationContext second = start(DB_URL, RABBITMQ_URL);
		Http http = http(second);
		long summed = summaryCount();
		int rows = 100_000;

		long batch;
		try (ApplyLock lock = new ApplyLock()) {
			batch = accepted(upload(http, csv(rows, day(1), 200)));
			await().atMost(APPLIED_WITHIN)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> count("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'keel-first' "
						+ "AND wait_event_type = 'Lock'") == 1);
		}
		await().atMost(APPLIED_WITHIN)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> count("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'keel-first' "
					+ "AND state = 'active' AND query LIKE '%INSERT INTO prices%'") == 1);
		postgres.cut();
		first.close();
		assertThat(state(batch)).isIn("queued", "applying");

		awaitState(batch, "applied");
		assertThat(pricesOn(day(1), 200)).isEqualTo(rows);
		assertThat(summaryCount()).isEqualTo(summed + rows);
		assertThat(attempts(batch)).isGreaterThanOrEqualTo(2);
		assertThat(count("SELECT COUNT(*) FROM rate_batch_prices")).isZero();
		String queue = second.getBean(RabbitBatchQueue.class).queueName();
		awaitEmpty(second, queue);
	}

	@Test
	void batchesWhoseMessagesWereLostArePublishedAgainAndAppliedInAcceptanceOrder() throws Exception {
		ConfigurableApplicationContext application = start(DB_URL, RABBITMQ_URL,
				"--keel.rates.batches.republish-after=1s");
		Http http = http(application);
		RabbitBatchQueue consumer = application.getBean(RabbitBatchQueue.class);
		consumer.stop();
		List<Long> accepted = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			accepted.add(accepted(upload(http, csv(1000, day(10 * i), 10))));
		}
		// Their messages lost (as with a broker's data): the sweep publishes the last
		// batch's again, and the two before it go first all the same.
		new RabbitAdmin(application.getBean(RabbitTemplate.class)).purgeQueue(consumer.queueName(), false);
		consumer.start();

		awaitState(accepted.get(2), "applied");
		assertThat(this.jdbc.sql("SELECT id FROM rate_batches WHERE state = 'applied' ORDER BY applied_at")
			.query(Long.class)
			.list()).containsExactlyElementsOf(accepted);
		assertThat(this.jdbc.sql("SELECT id FROM rate_batches ORDER BY position").query(Long.class).list())
			.containsExactlyElementsOf(accepted);
		for (int i = 0; i < 3; i++) {
			assertThat(pricesOn(day(10 * i), 10)).isEqualTo(1000);
		}
		awaitEmpty(application, consumer.queueName());
	}

	@Test
	void aBatchThatKeepsFailingFailsAfterMaxAttemptsAndIsDeadLettered() throws Exception {
		ConfigurableApplicationContext application = start(DB_URL, RABBITMQ_URL, "--keel.rates.batches.max-attempts=2");
		Http http = http(application);
		String queue = application.getBean(RabbitBatchQueue.class).queueName();
		long summed = summaryCount();
		// A rule of this database alone that the batch's day breaks, whatever the
		// attempt.
		this.jdbc.sql("ALTER TABLE prices ADD CONSTRAINT no_prices_for_the_test CHECK (day <> DATE '2030-01-02')")
			.update();
		try {
			long failing = accepted(upload(http, csv(5, day(2), 1)));
			awaitState(failing, "failed");
			assertThat(attempts(failing)).isEqualTo(2);
			String reason = http.get("/rates/batches/" + failing)
				.json()
				.path("errors")
				.get(0)
				.path("reason")
				.asString();
			// The rule the batch broke, in the database's words; no Java type names.
			assertThat(reason).startsWith("applying failed")
				.contains("no_prices_for_the_test")
				.doesNotContain("Exception");

			RabbitTemplate rabbit = application.getBean(RabbitTemplate.class);
			Message dead = rabbit.receive(queue + ".dead", APPLIED_WITHIN.toMillis());
			assertThat(dead).isNotNull();
			assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo(Long.toString(failing));
			assertThat(pricesOn(day(2), 1)).isZero();
			assertThat(summaryCount()).isEqualTo(summed);
			assertThat(count("SELECT COUNT(*) FROM rate_batch_prices")).isZero();

			// The next batch is not held up by the failed one.
			long next = accepted(upload(http, csv(2, day(3), 1)));
			awaitState(next, "applied");
			assertThat(pricesOn(day(3), 1)).isEqualTo(2);
			awaitEmpty(application, queue);
		}
		finally {
			this.jdbc.sql("ALTER TABLE prices DROP CONSTRAINT IF EXISTS no_prices_for_the_test").update();
		}
	}

	private ConfigurableApplicationContext start(String database, String rabbitmq, String... more) throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + database,
				"--spring.datasource.username=" + DB_USER, "--spring.data.redis.url=" + REDIS_URL,
				"--spring.rabbitmq.addresses=" + rabbitmq, "--spring.lifecycle.timeout-per-shutdown-phase=5s"));
		arguments.addAll(List.of(more));
		ConfigurableApplicationContext application = new SpringApplicationBuilder(KeelApplication.class)
			.profiles("production")
			.run(arguments.toArray(String[]::new));
		this.resources.add(application);
		this.deployments.add(application.getBean(Deployment.class).id());
		this.queues.add(application.getBean(RabbitBatchQueue.class).queueName());
		if (count("SELECT COUNT(*) FROM ports") == 0) {
			application.getBean(RatesImport.class).load(RatesContract.fixture(), line -> {
			});
		}
		return application;
	}

	private static Http http(ConfigurableApplicationContext application) {
		return new Http(Integer.parseInt(application.getEnvironment().getProperty("local.server.port")));
	}

	private static Http.Reply upload(Http http, String csv) {
		return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/rates/batches"))
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofString(csv)));
	}

	private static long accepted(Http.Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		return reply.json().path("id").asLong();
	}

	/** {@code rows} prices from the A ports to the B ports, over {@code days} days. */
	private static String csv(int rows, LocalDate first, int days) {
		String[] origins = { "PA000", "PA100", "PA110" };
		String[] destinations = { "PB000", "PB100", "PB110" };
		StringBuilder csv = new StringBuilder("origin_code,destination_code,day,price\n");
		for (int i = 0; i < rows; i++) {
			csv.append(origins[i % 3])
				.append(',')
				.append(destinations[(i / 3) % 3])
				.append(',')
				.append(first.plusDays(i % days))
				.append(',')
				.append(100 + i % 1000)
				.append('\n');
		}
		return csv.toString();
	}

	/** Days far from the fixture's, so that counting them counts a test's batches. */
	private static LocalDate day(int n) {
		return LocalDate.of(2030, 1, 1).plusDays(n - 1);
	}

	private long pricesOn(LocalDate first, int days) {
		return this.jdbc.sql("SELECT COUNT(*) FROM prices WHERE day >= :first AND day < :end")
			.param("first", first)
			.param("end", first.plusDays(days))
			.query(Long.class)
			.single();
	}

	private long summaryCount() {
		return count("SELECT COALESCE(SUM(price_count), 0) FROM region_daily_prices");
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	private String state(long batch) {
		return this.jdbc.sql("SELECT state FROM rate_batches WHERE id = :id")
			.param("id", batch)
			.query(String.class)
			.single();
	}

	private int attempts(long batch) {
		return this.jdbc.sql("SELECT attempts FROM rate_batches WHERE id = :id")
			.param("id", batch)
			.query(Integer.class)
			.single();
	}

	private void awaitState(long batch, String state) {
		await().atMost(APPLIED_WITHIN)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(state(batch)).as("batch %d", batch).isEqualTo(state));
	}

	private static long messages(ConfigurableApplicationContext application, String queue) {
		QueueInformation info = new RabbitAdmin(application.getBean(RabbitTemplate.class)).getQueueInfo(queue);
		assertThat(info).as(queue).isNotNull();
		return info.getMessageCount();
	}

	private static void awaitEmpty(ConfigurableApplicationContext application, String queue) {
		await().atMost(APPLIED_WITHIN)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(messages(application, queue)).isZero());
	}

	/** {@code amqp://user:password@host:port} with the forwarder's port. */
	private static String through(URI broker, int port) throws URISyntaxException {
		return new URI(broker.getScheme(), broker.getUserInfo(), "127.0.0.1", port, broker.getPath(), null, null)
			.toString();
	}

	private static String name(String url) {
		return url.substring(url.lastIndexOf('/') + 1);
	}

	private static void admin(String... statements) throws SQLException {
		String server = DB_URL.substring(0, DB_URL.lastIndexOf('/')) + "/postgres";
		try (Connection admin = DriverManager.getConnection(server, DB_USER, null);
				Statement statement = admin.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	/**
	 * The lock every apply takes, held by the test: batches are taken but wait, until it
	 * is closed.
	 */
	private static final class ApplyLock implements AutoCloseable {

		private final Connection connection;

		ApplyLock() throws SQLException {
			this.connection = DriverManager.getConnection(DB_URL, DB_USER, null);
			this.connection.setAutoCommit(false);
			try (Statement statement = this.connection.createStatement()) {
				statement.executeQuery("SELECT last_position FROM rate_batch_locks WHERE name = 'apply' FOR UPDATE");
			}
		}

		@Override
		public void close() throws SQLException {
			this.connection.rollback();
			this.connection.close();
		}

	}

}
