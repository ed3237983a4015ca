package dev.keel.rates;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.KeelApplication;
import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default's queue after a crash: a batch the worker had begun to apply is
 * applied once when the next instance starts on the same H2 file.
 */
class PriceBatchQueueOnEmbeddedStorageTests {

	@TempDir
	Path data;

	@Test
	void aBatchLeftApplyingByACrashIsAppliedOnceAtTheNextStart() throws Exception {
		long batch;
		long summed;
		try (ConfigurableApplicationContext crashed = start()) {
			crashed.getBean(RatesImport.class).load(RatesContract.fixture(), line -> {
			});
			JdbcClient jdbc = crashed.getBean(JdbcClient.class);
			// No worker: the batch stays where the crash leaves it.
			crashed.getBean(DatabaseBatchQueue.class).stop();
			summed = summaryCount(jdbc);
			Http.Reply accepted = new Http(port(crashed))
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(crashed) + "/rates/batches"))
					.header("Content-Type", "text/csv")
					.POST(HttpRequest.BodyPublishers.ofString("""
							origin_code,destination_code,day,price
							PA110,PB110,2030-01-01,10
							PA100,PB110,2030-01-01,20
							PA000,PB000,2030-01-02,30
							""")));
			assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
			batch = accepted.json().path("id").asLong();
			// As the crash left it: the attempt begun, its rows staged, nothing applied.
			jdbc.sql("UPDATE rate_batches SET state = 'applying', attempts = 1 WHERE id = :id")
				.param("id", batch)
				.update();
			assertThat(count(jdbc, "SELECT COUNT(*) FROM rate_batch_prices")).isEqualTo(3);
			assertThat(prices(jdbc)).isZero();
		}

		try (ConfigurableApplicationContext restarted = start()) {
			JdbcClient jdbc = restarted.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.untilAsserted(() -> assertThat(jdbc.sql("SELECT state FROM rate_batches WHERE id = :id")
					.param("id", batch)
					.query(String.class)
					.single()).isEqualTo("applied"));
			assertThat(prices(jdbc)).isEqualTo(3);
			assertThat(summaryCount(jdbc)).isEqualTo(summed + 3);
			assertThat(count(jdbc, "SELECT attempts FROM rate_batches")).isEqualTo(2);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(count(jdbc, "SELECT COUNT(*) FROM rate_batch_prices")).isZero());
			assertThat(new Http(port(restarted)).get("/rates/batches/" + batch).json().path("state").asString())
				.isEqualTo("applied");
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(KeelApplication.class).run("--server.port=0",
				"--spring.datasource.url=jdbc:h2:file:" + this.data.resolve("keel")
						+ ";NON_KEYWORDS=DAY;DB_CLOSE_ON_EXIT=FALSE",
				"--keel.rates.batches.poll-interval=100ms");
	}

	private static int port(ConfigurableApplicationContext application) {
		return Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
	}

	private static long prices(JdbcClient jdbc) {
		return count(jdbc, "SELECT COUNT(*) FROM prices WHERE day >= DATE '2030-01-01'");
	}

	private static long summaryCount(JdbcClient jdbc) {
		return count(jdbc, "SELECT COALESCE(SUM(price_count), 0) FROM region_daily_prices");
	}

	private static long count(JdbcClient jdbc, String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

}
