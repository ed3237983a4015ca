package dev.keel;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.keel.platform.Http;
import dev.keel.platform.OnEmbeddedStorage;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators read from {@code /actuator}: health, probes, build info, metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@OnEmbeddedStorage
class OperationsTests {

	@LocalServerPort
	int port;

	@Test
	void healthShowsEachComponentsStatusButNoDetails() {
		Http.Reply reply = new Http(this.port).get("/actuator/health");
		assertThat(reply.status()).isEqualTo(200);
		JsonNode health = reply.json();
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("diskSpace").path("status").asString()).isEqualTo("UP");
		// The disk path, the database product and free bytes were shown to anyone.
		assertThat(reply.body()).doesNotContain("details", "path", "H2", "free");
	}

	@Test
	void livenessAndReadinessProbesAnswer() {
		Http http = new Http(this.port);
		Http.Reply liveness = http.get("/actuator/health/liveness");
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.json().path("status").asString()).isEqualTo("UP");
		assertThat(liveness.json().path("components").propertyNames()).containsExactly("livenessState");
		Http.Reply readiness = http.get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().path("components").propertyNames()).containsExactlyInAnyOrder("db",
				"readinessState");
	}

	@Test
	void infoShowsTheBuildAndItsCommit() {
		JsonNode info = new Http(this.port).get("/actuator/info").json();
		assertThat(info.path("build").path("artifact").asString()).isEqualTo("keel");
		assertThat(info.path("build").path("version").asString()).isNotEmpty();
		// A copy of the sources without git history builds without the git section.
		if (Files.exists(Path.of(".git"))) {
			assertThat(info.path("git").path("commit").path("id").asString()).matches("[0-9a-f]{7,40}");
			assertThat(info.path("git").path("branch").asString()).isNotEmpty();
		}
	}

	@Test
	void prometheusHasHistogramBucketsForRequestsAndTheDatabasePool() {
		Http http = new Http(this.port);
		assertThat(http.get("/api/histogram").status()).isEqualTo(200);
		String scrape = http.get("/actuator/prometheus").body();
		assertThat(scrape).contains("http_server_requests_seconds_bucket{")
			.contains("hikaricp_connections_acquire_seconds_bucket{")
			.contains("hikaricp_connections_usage_seconds_bucket{");
	}

}
