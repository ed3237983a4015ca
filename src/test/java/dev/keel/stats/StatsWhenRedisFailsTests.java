package dev.keel.stats;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.keel.KeelApplication;
import dev.keel.platform.Http;
import dev.keel.platform.RequiresServices;
import dev.keel.platform.TcpForwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Redis going away while requests arrive, on the production profile. The application
 * reaches Redis through a {@link TcpForwarder} that the test cuts and opens again;
 * Lettuce reconnects on its own, after a backoff of up to several seconds.
 */
@RequiresServices
class StatsWhenRedisFailsTests {

	private static final String DB_URL = env("KEEL_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	private static final String DB_USER = env("KEEL_TEST_DB_USER", "postgres");

	private static final Duration RECONNECT = Duration.ofSeconds(40);

	@Test
	void servesEveryRequestWhileRedisIsAwayAndStoresEachCountOnceItIsBack() {
		try (TcpForwarder redis = forwarderToRedis();
				ConfigurableApplicationContext application = start(redis, "100ms")) {
			StatsClient client = StatsClient.of(application);
			client.reset();
			for (int i = 0; i < 5; i++) {
				assertThat(client.get("/api/before").status()).isEqualTo(200);
			}
			assertThat(client.report().totalRequests()).isEqualTo(6);
			assertThat(client.metric("keel_stats_unstored")).isZero();
			double errors = client.metric("keel_stats_store_errors_total");
			assertThat(errors).as("keel_stats_store_errors_total listed").isGreaterThanOrEqualTo(0);

			redis.cut();
			for (int i = 0; i < 200; i++) {
				long sent = System.nanoTime();
				Http.Reply reply = client.get("/api/during/" + (i % 4));
				assertThat(reply.status()).isEqualTo(200);
				assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
			}
			Http.Reply unavailable = client.get("/stats/");
			assertThat(unavailable.status()).isEqualTo(503);
			assertThat(unavailable.detail()).contains("unreachable");
			// The report before the cut and the refused one, both counted.
			int reports = 2;
			assertThat(client.metric("keel_stats_store_errors_total")).isGreaterThan(errors);
			// Everything since the cut: nothing reached Redis.
			assertThat(client.metric("keel_stats_unstored")).isEqualTo(200 + 1);

			redis.open();
			StatsReport report = awaitComplete(client, 5 + 200, reports);
			assertThat(report.counts()).containsOnly(entry("/api/before", 5L), entry("/api/during/0", 50L),
					entry("/api/during/1", 50L), entry("/api/during/2", 50L), entry("/api/during/3", 50L),
					entry("/stats/", report.totalRequests() - 205));
			assertThat(report.distinctUrls()).isEqualTo(6);
			await().atMost(Duration.ofSeconds(10)).until(() -> client.metric("keel_stats_unstored") == 0);
			StatsReport again = client.report();
			assertThat(again.counts()).containsEntry("/api/before", 5L).containsEntry("/api/during/0", 50L);
			assertThat(again.totalRequests()).isEqualTo(report.totalRequests() + 1);
		}
	}

	// Without a background flush (the interval is longer than the test), only reports
	// store counts; the first one that Redis answers must hold every request answered
	// before it, not only those an earlier, failed attempt had taken out.
	@Test
	void theFirstReportOnceRedisIsBackHoldsEveryRequestAnsweredBeforeIt() {
		try (TcpForwarder redis = forwarderToRedis(); ConfigurableApplicationContext application = start(redis, "1h")) {
			StatsClient client = StatsClient.of(application);
			client.reset();
			redis.cut();
			for (int i = 0; i < 3; i++) {
				assertThat(client.get("/api/early").status()).isEqualTo(200);
			}
			assertThat(client.get("/stats/").status()).isEqualTo(503);
			for (int i = 0; i < 2; i++) {
				assertThat(client.get("/api/late").status()).isEqualTo(200);
			}
			Http.Reply reset = client.send("DELETE", "/stats/");
			assertThat(reset.status()).isEqualTo(503);
			assertThat(reset.detail()).contains("unreachable");

			redis.open();
			AtomicInteger polls = new AtomicInteger();
			StatsReport first = await().atMost(RECONNECT).pollInterval(Duration.ofMillis(200)).until(() -> {
				polls.incrementAndGet();
				Http.Reply reply = client.get("/stats/?limit=10000");
				return (reply.status() == 503) ? null : StatsReport.of(reply);
			}, report -> report != null);
			long reportsAndResets = 1 + 1 + polls.get();
			assertThat(first.counts()).containsOnly(entry("/api/early", 3L), entry("/api/late", 2L),
					entry("/stats/", reportsAndResets));
			assertThat(first.totalRequests()).isEqualTo(3 + 2 + reportsAndResets);
		}
	}

	/**
	 * Polls the report until it holds {@code requests} plus every report asked for,
	 * failing at once should it ever hold more.
	 */
	private static StatsReport awaitComplete(StatsClient client, long requests, int reportsBefore) {
		AtomicInteger reports = new AtomicInteger(reportsBefore);
		AtomicReference<StatsReport> complete = new AtomicReference<>();
		await().atMost(RECONNECT).pollInterval(Duration.ofMillis(200)).until(() -> {
			Http.Reply reply = client.get("/stats/?limit=10000");
			long expected = requests + reports.incrementAndGet();
			if (reply.status() == 503) {
				return false;
			}
			StatsReport report = StatsReport.of(reply);
			assertThat(report.totalRequests()).as("requests counted, never more than were made")
				.isLessThanOrEqualTo(expected);
			assertThat(report.counts().get("/stats/")).isLessThanOrEqualTo(reports.get());
			complete.set(report);
			return report.totalRequests() == expected;
		});
		StatsReport report = complete.get();
		assertThat(report.counts()).containsEntry("/stats/", (long) reports.get());
		return report;
	}

	private static ConfigurableApplicationContext start(TcpForwarder redis, String flushInterval) {
		return new SpringApplicationBuilder(KeelApplication.class).profiles("production")
			.run("--server.port=0", "--spring.datasource.url=" + DB_URL, "--spring.datasource.username=" + DB_USER,
					"--spring.data.redis.url=" + redis.redisUrl(), "--spring.data.redis.timeout=500ms",
					"--spring.data.redis.connect-timeout=500ms", "--keel.stats.flush-interval=" + flushInterval);
	}

	private static TcpForwarder forwarderToRedis() {
		return TcpForwarder.toRedis();
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
