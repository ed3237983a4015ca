package dev.keel.stats;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.KeelApplication;

import static dev.keel.stats.StatsReport.count;
import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default keeps its counts in the H2 file, across a restart. */
class StatsPersistenceTests {

	@Test
	void countsSurviveARestart(@TempDir Path dir) {
		String database = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("keel") + ";NON_KEYWORDS=DAY";
		// An interval longer than the test, so only the flush at shutdown can store them.
		try (ConfigurableApplicationContext first = start(database, "--keel.stats.flush-interval=1h")) {
			StatsClient client = StatsClient.of(first);
			for (int i = 0; i < 3; i++) {
				assertThat(client.get("/api/kept").status()).isEqualTo(200);
			}
			assertThat(client.get("/api/kept/").status()).isEqualTo(200);
			assertThat(
					first.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM stats_counts").query(Long.class).single())
				.as("counts stored before shutdown")
				.isZero();
		}
		try (ConfigurableApplicationContext second = start(database)) {
			StatsReport report = StatsClient.of(second).report();
			assertThat(report.items()).containsExactly(count("/api/kept", 3), count("/api/kept/", 1),
					count("/stats/", 1));
			assertThat(report.totalRequests()).isEqualTo(5);
			assertThat(report.distinctUrls()).isEqualTo(3);
		}
	}

	// Arguments, not default properties: application.yaml would override those.
	private static ConfigurableApplicationContext start(String... arguments) {
		String[] all = new String[arguments.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(arguments, 0, all, 1, arguments.length);
		return new SpringApplicationBuilder(KeelApplication.class).run(all);
	}

}
