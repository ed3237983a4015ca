package dev.keel.platform;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.keel.KeelApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL going away, through a forwarder the test cuts: requests that need it fail
 * fast with 503 and {@code Retry-After}, health answers at once, and both recover.
 */
@RequiresServices
class DatabaseDownTests {

	@Test
	void requestsFailFastWith503AndHealthAnswersAtOnceUntilTheDatabaseIsBack() {
		URI database = URI.create(ServicesAvailable.DB_URL.substring("jdbc:".length()));
		try (TcpForwarder postgres = new TcpForwarder(database.getHost(),
				(database.getPort() > 0) ? database.getPort() : 5432);
				ConfigurableApplicationContext application = new SpringApplicationBuilder(KeelApplication.class)
					.profiles("production")
					.run("--server.port=0",
							"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.port()
									+ database.getPath(),
							"--spring.datasource.username=" + ServicesAvailable.DB_USER,
							"--spring.data.redis.url=" + ServicesAvailable.REDIS_URL,
							"--keel.library.cache-enabled=false")) {
			Http http = new Http(Integer.parseInt(application.getEnvironment().getProperty("local.server.port")));
			String author = http.postJson("/authors", "{\"name\": \"Kept\"}").location();
			assertThat(http.get(author).status()).isEqualTo(200);

			postgres.cut();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				Http.Reply health = http.get("/actuator/health");
				assertThat(health.status()).isEqualTo(503);
			});
			for (int i = 0; i < 5; i++) {
				assertFast(() -> {
					Http.Reply read = http.get(author);
					assertThat(read.status()).as(read.body()).isEqualTo(503);
					assertThat(read.contentType()).startsWith("application/problem+json");
					assertThat(read.header("Retry-After")).isEqualTo("1");
				});
				assertFast(() -> assertThat(http.postJson("/authors", "{\"name\": \"Lost\"}").status()).isEqualTo(503));
				assertFast(() -> assertThat(http.get("/actuator/health").status()).isEqualTo(503));
			}

			postgres.open();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(http.get("/actuator/health").status()).isEqualTo(200));
			assertThat(http.get(author).status()).isEqualTo(200);
			assertThat(http.postJson("/authors", "{\"name\": \"After\"}").status()).isEqualTo(201);
		}
	}

	private static void assertFast(Runnable request) {
		long started = System.nanoTime();
		request.run();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
	}

}
