package dev.keel;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.keel.platform.Http;
import dev.keel.platform.OnEmbeddedStorage;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code KEEL_MANAGEMENT_PORT} moves {@code /actuator} off the API's port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "KEEL_MANAGEMENT_PORT=0")
@OnEmbeddedStorage
class ManagementPortTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void actuatorAnswersOnTheManagementPortOnly() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(new Http(this.port).get("/api/still-served").status()).isEqualTo(200);
		Http.Reply health = new Http(this.managementPort).get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
		assertThat(new Http(this.managementPort).get("/actuator/prometheus").body())
			.contains("http_server_requests_seconds_bucket{");
		Http.Reply onTheApiPort = new Http(this.port).get("/actuator/health");
		assertThat(onTheApiPort.status()).isEqualTo(404);
	}

}
