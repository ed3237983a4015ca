package dev.keel.platform;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.keel.KeelApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two deployments on two new PostgreSQL databases share one Redis: the same ids in both,
 * and neither ever answers with the other's data, cached or counted. A copy of a
 * database, and a database re-created under the same name, are new deployments too.
 */
@RequiresServices
class DeploymentIsolationTests {

	private static final String ONE = database("one");

	private static final String OTHER = database("other");

	private static final String COPY = database("copy");

	private final List<String> deployments = new ArrayList<>();

	@AfterEach
	void removeTheirKeys() {
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				LettuceConnectionFactory.createRedisConfiguration(ServicesAvailable.REDIS_URL));
		connections.afterPropertiesSet();
		connections.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(connections);
			for (String id : this.deployments) {
				redis.delete(redis.keys("*keel:" + id + ":*"));
			}
		}
		finally {
			connections.destroy();
		}
		withBroker(admin -> this.deployments.forEach(id -> {
			admin.deleteQueue(batchQueue(id));
			admin.deleteQueue(batchQueue(id) + ".dead");
		}));
	}

	// Each deployment's price batches wait in a queue of its own on the shared broker.
	private static String batchQueue(String deployment) {
		return "keel:" + deployment + ":rates.batches";
	}

	private static void withBroker(Consumer<RabbitAdmin> work) {
		CachingConnectionFactory connections = new CachingConnectionFactory(URI.create(ServicesAvailable.RABBITMQ_URL));
		try {
			work.accept(new RabbitAdmin(connections));
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void deploymentsSharingARedisNeverSeeEachOthersData() throws SQLException {
		recreate(ONE);
		recreate(OTHER);
		try (ConfigurableApplicationContext one = start(ONE); ConfigurableApplicationContext other = start(OTHER)) {
			Http first = http(one);
			Http second = http(other);
			assertThat(first.postJson("/authors", "{\"name\": \"Of one\"}").location()).isEqualTo("/authors/1");
			assertThat(second.postJson("/authors", "{\"name\": \"Of other\"}").location()).isEqualTo("/authors/1");
			for (int i = 0; i < 3; i++) {
				assertThat(first.get("/authors/1").json().get("name").asString()).isEqualTo("Of one");
				assertThat(second.get("/authors/1").json().get("name").asString()).isEqualTo("Of other");
				assertThat(first.get("/authors").json().get("items").get(0).get("name").asString()).isEqualTo("Of one");
				assertThat(second.get("/authors").json().get("items").get(0).get("name").asString())
					.isEqualTo("Of other");
			}
			Http.Reply renamed = second.send(HttpRequest.newBuilder(URI.create(second.base() + "/authors/1"))
				.header("Content-Type", "application/json")
				.header("If-Match", "\"1\"")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Renamed\"}")));
			assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
			assertThat(first.get("/authors/1").json().get("version").asInt()).isEqualTo(1);

			for (int i = 0; i < 3; i++) {
				assertThat(first.get("/api/only-one").status()).isEqualTo(200);
			}
			assertThat(first.get("/stats/").body()).contains("/api/only-one");
			assertThat(second.get("/stats/").body()).doesNotContain("/api/only-one");

			this.deployments.add(one.getBean(Deployment.class).id());
			this.deployments.add(other.getBean(Deployment.class).id());
			assertThat(this.deployments.get(0)).isNotEqualTo(this.deployments.get(1));
			withBroker(admin -> this.deployments
				.forEach(id -> assertThat(admin.getQueueInfo(batchQueue(id))).as("queue of " + id).isNotNull()));
		}

		// A copy of a database carries its id along; it must find out and take its own.
		copy(ONE, COPY);
		try (ConfigurableApplicationContext original = start(ONE); ConfigurableApplicationContext copy = start(COPY)) {
			String id = original.getBean(Deployment.class).id();
			assertThat(id).isEqualTo(this.deployments.get(0));
			String copied = copy.getBean(Deployment.class).id();
			this.deployments.add(copied);
			assertThat(copied).isNotEqualTo(id);
			assertThat(http(original).get("/authors/1").json().get("name").asString()).isEqualTo("Of one");
			Http.Reply renamed = http(copy).putJson("/authors/1", "{\"name\": \"Of the copy\"}");
			assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
			assertThat(http(original).get("/authors/1").json().get("name").asString()).isEqualTo("Of one");
			assertThat(http(copy).get("/authors/1").json().get("name").asString()).isEqualTo("Of the copy");
		}

		recreate(ONE);
		try (ConfigurableApplicationContext again = start(ONE)) {
			this.deployments.add(again.getBean(Deployment.class).id());
			Http.Reply gone = http(again).get("/authors/1");
			assertThat(gone.status()).as(gone.body()).isEqualTo(404);
			assertThat(http(again).get("/stats/").body()).doesNotContain("/api/only-one");
		}
	}

	private static ConfigurableApplicationContext start(String database) {
		return new SpringApplicationBuilder(KeelApplication.class).profiles("production")
			.run("--server.port=0", "--spring.datasource.url=" + database,
					"--spring.datasource.username=" + ServicesAvailable.DB_USER,
					"--spring.data.redis.url=" + ServicesAvailable.REDIS_URL,
					"--spring.rabbitmq.addresses=" + ServicesAvailable.RABBITMQ_URL);
	}

	private static Http http(ConfigurableApplicationContext application) {
		return new Http(Integer.parseInt(application.getEnvironment().getProperty("local.server.port")));
	}

	/** A database beside {@code KEEL_TEST_DB_URL}'s, named after it. */
	private static String database(String suffix) {
		String url = ServicesAvailable.DB_URL;
		return url + "_" + suffix;
	}

	private static void copy(String from, String to) throws SQLException {
		admin("DROP DATABASE IF EXISTS " + name(to) + " WITH (FORCE)",
				"CREATE DATABASE " + name(to) + " TEMPLATE " + name(from));
	}

	private static String name(String url) {
		return url.substring(url.lastIndexOf('/') + 1);
	}

	private static void admin(String... statements) throws SQLException {
		try (Connection admin = DriverManager.getConnection(ServicesAvailable.DB_URL, ServicesAvailable.DB_USER, null);
				Statement statement = admin.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static void recreate(String url) throws SQLException {
		admin("DROP DATABASE IF EXISTS " + name(url) + " WITH (FORCE)", "CREATE DATABASE " + name(url));
	}

}
