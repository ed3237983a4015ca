package dev.keel;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.keel.platform.Http;
import dev.keel.platform.OnPostgresAndRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production profile with its Redis unreachable (nothing listens on port 1): reads go
 * to PostgreSQL, so the health is degraded, not down, and the probes stay up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@OnPostgresAndRedis
class HealthWithoutRedisTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void redisAway(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:1");
	}

	@Test
	void redisDownDegradesTheHealthButKeepsTheProbesUp() {
		Http http = new Http(this.port);
		Http.Reply reply = http.get("/actuator/health");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		JsonNode health = reply.json();
		assertThat(health.path("status").asString()).isEqualTo("DEGRADED");
		assertThat(health.path("components").path("redis").path("status").asString()).isEqualTo("DEGRADED");
		assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(reply.body()).doesNotContain("details");
		for (String probe : new String[] { "liveness", "readiness" }) {
			Http.Reply answer = http.get("/actuator/health/" + probe);
			assertThat(answer.status()).as(probe).isEqualTo(200);
			assertThat(answer.json().path("status").asString()).as(probe).isEqualTo("UP");
		}
		// A read still answers, from the database.
		assertThat(http.get("/books?limit=1").status()).isEqualTo(200);
	}

}
