package dev.keel.stats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import dev.keel.platform.Clients;
import dev.keel.platform.Http;

import static dev.keel.stats.StatsReport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage over time as a user sees it, on the embedded storage and on the real PostgreSQL
 * and Redis: requests sent at times the test sets on the application's clock, then read
 * back by window, by client and as a series. The days used start tomorrow (UTC), so that
 * Redis, which expires buckets by its own clock, keeps every bucket the test writes. A
 * test filter names the client of a request from its {@code X-Test-Client} header, as the
 * key filter will from its key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UsageContract.TimeAndClients.class)
abstract class UsageContract {

	/** Tomorrow, 00:00 UTC. */
	static final Instant D0 = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

	static final Instant D1 = D0.plus(1, ChronoUnit.DAYS);

	@LocalServerPort
	int port;

	@Autowired
	SettableClock clock;

	@Autowired
	CountStore store;

	StatsClient client;

	@BeforeEach
	void startFromNoCountsAtD0() {
		this.clock.set(D0.plus(Duration.ofMinutes(30)));
		this.client = new StatsClient(this.port);
		this.client.reset();
	}

	@Test
	void aWindowCountsTheRequestsOfItsHoursOrDays() {
		at(D0.plus(hours(10)).plus(minutes(15)), "/api/a", "/api/a", "/api/b");
		at(D0.plus(hours(12)).minusSeconds(1), "/api/a");
		at(D0.plus(hours(12)), "/api/c", "/api/c", "/api/c");
		at(D1, "/api/a");
		this.clock.set(D1.plus(minutes(30)));

		// Hours: from inclusive, to exclusive; the last second of 11:00 is in.
		StatsReport hours = report("?from=" + D0.plus(hours(10)) + "&to=" + D0.plus(hours(12)));
		assertThat(hours.items()).containsExactly(count("/api/a", 3), count("/api/b", 1));
		assertThat(hours.totalRequests()).isEqualTo(4);
		assertThat(hours.distinctUrls()).isEqualTo(2);
		// An hour-aligned from with a day-aligned to reads the hours.
		assertThat(report("?from=" + D0.plus(hours(12)) + "&to=" + D1).items()).containsExactly(count("/api/c", 3));
		// A date as to is the end of that day.
		StatsReport day = report("?from=" + day(D0) + "&to=" + day(D0));
		assertThat(day.items()).containsExactly(count("/api/a", 3), count("/api/c", 3), count("/api/b", 1));
		assertThat(day.totalRequests()).isEqualTo(7);
		assertThat(report("?from=" + D0 + "&to=" + D1 + "&limit=1&offset=1").items())
			.containsExactly(count("/api/c", 3));
		// The reports themselves came at D1 00:30: four so far, and this one.
		StatsReport both = report("?from=" + day(D0) + "&to=" + day(D1));
		assertThat(both.items()).containsExactly(count("/stats/", 5), count("/api/a", 4), count("/api/c", 3),
				count("/api/b", 1));
		assertThat(both.totalRequests()).isEqualTo(13);
		// Without a window: all time, as before.
		StatsReport all = this.client.report();
		assertThat(all.counts()).containsEntry("/api/a", 4L).containsEntry("/stats/", 6L);
	}

	@Test
	void aSeriesListsEveryBucketZeroWhereNothingCame() {
		at(D0.plus(hours(10)).plus(minutes(15)), "/api/a", "/api/a", "/api/b");
		at(D0.plus(hours(12)).minusSeconds(1), "/api/a");
		at(D1.plus(hours(2)), "/api/a");
		this.clock.set(D1.plus(hours(5)));

		JsonNode hours = series("?url=/api/a&from=" + D0.plus(hours(9)) + "&to=" + D0.plus(hours(13)) + "&step=hour");
		assertThat(hours.propertyNames()).containsExactlyInAnyOrder("url", "step", "from", "to", "total", "buckets");
		assertThat(hours.path("url").asString()).isEqualTo("/api/a");
		assertThat(hours.path("step").asString()).isEqualTo("hour");
		assertThat(hours.path("from").asString()).isEqualTo(D0.plus(hours(9)).toString());
		assertThat(hours.path("to").asString()).isEqualTo(D0.plus(hours(13)).toString());
		assertThat(hours.path("total").asLong()).isEqualTo(3);
		assertThat(buckets(hours)).containsExactly(Map.entry(D0.plus(hours(9)).toString(), 0L),
				Map.entry(D0.plus(hours(10)).toString(), 2L), Map.entry(D0.plus(hours(11)).toString(), 1L),
				Map.entry(D0.plus(hours(12)).toString(), 0L));

		// Dates: daily by default; a step of hours over days lists every hour.
		JsonNode days = series("?url=/api/a&from=" + day(D0.minus(1, ChronoUnit.DAYS)) + "&to=" + day(D1));
		assertThat(days.path("step").asString()).isEqualTo("day");
		assertThat(buckets(days)).containsExactly(Map.entry(D0.minus(1, ChronoUnit.DAYS).toString(), 0L),
				Map.entry(D0.toString(), 3L), Map.entry(D1.toString(), 1L));
		JsonNode everyHour = series("?url=/api/a&from=" + day(D0) + "&to=" + day(D0) + "&step=hour");
		assertThat(everyHour.path("buckets").size()).isEqualTo(24);
		assertThat(everyHour.path("total").asLong()).isEqualTo(3);

		// A path never requested: every bucket, all zero.
		JsonNode none = series("?url=/api/never&from=" + D0 + "&to=" + D0.plus(hours(3)));
		assertThat(buckets(none)).extracting(Map.Entry::getValue).containsExactly(0L, 0L, 0L);
	}

	@Test
	void aToBeyondTheBucketInProgressReadsUpToItsEnd() {
		this.clock.set(D0.plus(hours(10)).plus(minutes(30)));
		at(D0.plus(hours(10)).plus(minutes(30)), "/api/now");
		JsonNode series = series("?url=/api/now&from=" + D0.plus(hours(8)) + "&to=2999-01-01T00:00:00Z&step=hour");
		assertThat(series.path("to").asString()).isEqualTo(D0.plus(hours(11)).toString());
		assertThat(buckets(series)).extracting(Map.Entry::getValue).containsExactly(0L, 0L, 1L);
		assertThat(report("?from=" + day(D0) + "&to=2999-12-31").counts()).containsEntry("/api/now", 1L);
		// Wholly in the future: an empty window.
		JsonNode future = series("?url=/api/now&from=2999-01-01&to=2999-01-02");
		assertThat(future.path("buckets").size()).isZero();
		assertThat(future.path("total").asLong()).isZero();
		StatsReport empty = report("?from=2999-01-01&to=2999-01-02");
		assertThat(empty.items()).isEmpty();
		assertThat(empty.totalRequests()).isZero();
	}

	@Test
	void clientsAreRankedByTheirRequestsInTheWindow() {
		this.clock.set(D0.plus(hours(3)));
		as("reporting", "/api/a", "/api/b", "/api/a");
		as("billing", "/api/a", "/api/c");
		as(null, "/api/a", "/api/d");
		this.clock.set(D1.plus(hours(1)));
		as("late", "/api/a");

		JsonNode clients = clients("?from=" + day(D0) + "&to=" + day(D0));
		assertThat(clients.propertyNames()).containsExactlyInAnyOrder("total_requests", "distinct_clients", "limit",
				"offset", "items");
		assertThat(clients.path("total_requests").asLong()).isEqualTo(7);
		assertThat(clients.path("distinct_clients").asLong()).isEqualTo(3);
		assertThat(clients.path("limit").asInt()).isEqualTo(100);
		assertThat(clientCounts(clients)).containsExactly(Map.entry("reporting", 3L), Map.entry("anonymous", 2L),
				Map.entry("billing", 2L));
		JsonNode second = clients("?from=" + D0.plus(hours(3)) + "&to=" + D0.plus(hours(4)) + "&limit=1&offset=1");
		assertThat(clientCounts(second)).containsExactly(Map.entry("anonymous", 2L));
		assertThat(second.path("offset").asLong()).isEqualTo(1);
		// The path report of the same window counts every client's requests.
		assertThat(report("?from=" + day(D0) + "&to=" + day(D0)).counts()).containsEntry("/api/a", 4L)
			.containsEntry("/api/b", 1L);
		JsonNode both = clients("?from=" + day(D0) + "&to=" + day(D1));
		assertThat(clientCounts(both)).contains(Map.entry("late", 1L), Map.entry("reporting", 3L));
	}

	@Test
	void windowsReachBackAsFarAsTheBucketsAreKept() {
		at(D0.plus(hours(10)).plus(minutes(15)), "/api/edge");
		// 48 hours after the start of 10:00 is the start of the hour in progress.
		this.clock.set(D0.plus(hours(58)).plus(minutes(30)));
		String oldestHour = D0.plus(hours(10)).toString();
		assertThat(report("?from=" + oldestHour + "&to=" + D0.plus(hours(11))).counts()).containsEntry("/api/edge", 1L);
		assertProblem(get("/stats/?from=" + D0.plus(hours(9)) + "&to=" + D0.plus(hours(11))), "from");
		assertProblem(get("/stats/series?url=/api/edge&from=" + D0.plus(hours(9)) + "&to=" + D0.plus(hours(11))),
				"from");
		// 400 days back from today's start.
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		assertThat(get("/stats/?from=" + today.minusDays(400) + "&to=" + today).status()).isEqualTo(200);
		assertProblem(get("/stats/?from=" + today.minusDays(401) + "&to=" + today), "from");
		assertProblem(get("/stats/clients/?from=" + today.minusDays(401) + "&to=" + today), "from");
		// Counts older than that are read from the daily buckets only.
		assertThat(report("?from=" + day(D0) + "&to=" + day(D0)).counts()).containsEntry("/api/edge", 1L);
	}

	@Test
	void badWindowsAreRefusedNamingTheParameterAndChangeNothing() {
		at(D0.plus(hours(1)), "/api/a");
		this.clock.set(D1.plus(hours(1)));
		String day = "?from=" + day(D0) + "&to=" + day(D0);
		StatsReport before = report(day);
		String h10 = D0.plus(hours(10)).toString();
		String h11 = D0.plus(hours(11)).toString();
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("/stats/?from=" + h10, "to");
		refused.put("/stats/?to=" + h10, "from");
		refused.put("/stats/?from=yesterday&to=" + h11, "from");
		refused.put("/stats/?from=" + h10 + "&to=2026-13-45", "to");
		refused.put("/stats/?from=" + D0.plus(hours(10)).plus(minutes(30)) + "&to=" + h11, "from");
		refused.put("/stats/?from=" + h10 + "&to=" + D0.plus(hours(11)).plusSeconds(1), "to");
		refused.put("/stats/?from=" + h10 + "&to=" + h10, "from");
		refused.put("/stats/?from=" + h11 + "&to=" + h10, "from");
		refused.put("/stats/?from=" + day(D1) + "&to=" + day(D0), "from");
		refused.put("/stats/?from=&to=" + h11, "from");
		refused.put("/stats/?from=" + h10 + "&to=" + h11 + "&from=" + h10, "from");
		refused.put("/stats/?from=" + h10 + "&to=" + h11 + "&step=hour", "step");
		refused.put("/stats/clients/?to=" + h11, "from");
		refused.put("/stats/clients/?from=" + h10, "to");
		refused.put("/stats/clients/", "from");
		refused.put("/stats/clients/?from=" + h10 + "&to=" + h11 + "&limit=0", "limit");
		refused.put("/stats/clients/?from=" + h10 + "&to=" + h11 + "&client=x", "client");
		refused.put("/stats/series?from=" + h10 + "&to=" + h11, "url");
		refused.put("/stats/series?url=&from=" + h10 + "&to=" + h11, "url");
		refused.put("/stats/series?url=/api/a&from=" + h10 + "&to=" + h11 + "&step=week", "step");
		refused.put("/stats/series?url=/api/a&from=" + h10 + "&to=" + h11 + "&step=", "step");
		refused.put("/stats/series?url=/api/a&from=" + h10 + "&to=" + day(D1) + "&step=day", "from");
		refused.put("/stats/series?url=/api/a&from=" + day(D0) + "&to=" + h11 + "&step=day", "to");
		refused.put("/stats/series?url=/api/a&to=" + h11, "from");
		refused.put("/stats/series?url=/api/a&from=" + h10, "to");
		refused.put("/stats/series?url=/api/a&from=" + h10 + "&to=" + h11 + "&limit=1", "limit");
		refused.forEach((target, parameter) -> assertProblem(get(target), parameter));
		StatsReport after = report(day);
		assertThat(after).isEqualTo(before);
	}

	@Test
	void aResetForgetsTheBucketsAndEveryStoredWindow() {
		at(D0.plus(hours(2)), "/api/a", "/api/a");
		this.clock.set(D1.plus(hours(1)));
		String window = "?from=" + day(D0) + "&to=" + day(D0);
		assertThat(report(window).counts()).containsEntry("/api/a", 2L);
		assertThat(clientCounts(clients(window))).containsExactly(Map.entry("anonymous", 2L));
		this.client.reset();
		StatsReport forgotten = report(window);
		assertThat(forgotten.items()).isEmpty();
		assertThat(forgotten.totalRequests()).isZero();
		assertThat(forgotten.distinctUrls()).isZero();
		assertThat(clients(window).path("items").size()).isZero();
		JsonNode series = series("?url=/api/a&from=" + day(D0) + "&to=" + day(D0) + "&step=hour");
		assertThat(series.path("total").asLong()).isZero();
	}

	@Test
	void aBatchSentTwiceAfterAnUnknownOutcomeCountsOnce() {
		String source = UUID.randomUUID().toString();
		long hour = D0.plus(hours(5)).getEpochSecond();
		CountStore.Batch first = new CountStore.Batch(source, 1,
				Map.of(new Tally("/api/x", "reporting", hour), 2L, new Tally("/api/y", "anonymous", hour), 1L), 3);
		CountStore.Batch second = new CountStore.Batch(source, 2, Map.of(new Tally("/api/x", "billing", hour), 1L), 1);
		this.store.add(first);
		this.store.add(first);
		this.store.add(second);
		this.store.add(first);
		this.store.add(second);
		this.clock.set(D1);
		StatsReport window = report("?from=" + D0.plus(hours(5)) + "&to=" + D0.plus(hours(6)));
		assertThat(window.items()).containsExactly(count("/api/x", 3), count("/api/y", 1));
		assertThat(window.totalRequests()).isEqualTo(4);
		assertThat(clientCounts(clients("?from=" + day(D0) + "&to=" + day(D0))))
			.containsExactly(Map.entry("reporting", 2L), Map.entry("anonymous", 1L), Map.entry("billing", 1L));
		assertThat(this.client.report().counts()).containsEntry("/api/x", 3L).containsEntry("/api/y", 1L);
	}

	/** Sends a GET to each path with the clock at {@code at}. */
	void at(Instant at, String... paths) {
		this.clock.set(at);
		as(null, paths);
	}

	/** Sends a GET to each path as {@code client} (none: anonymous). */
	void as(String client, String... paths) {
		for (String path : paths) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
			if (client != null) {
				request.header(TimeAndClients.HEADER, client);
			}
			Http.Reply reply = new Http(this.port).send(request.GET());
			assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		}
	}

	Http.Reply get(String target) {
		return this.client.get(target);
	}

	StatsReport report(String query) {
		return this.client.report(query);
	}

	JsonNode series(String query) {
		Http.Reply reply = get("/stats/series" + query);
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json();
	}

	JsonNode clients(String query) {
		Http.Reply reply = get("/stats/clients/" + query);
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json();
	}

	static List<Map.Entry<String, Long>> buckets(JsonNode series) {
		List<Map.Entry<String, Long>> buckets = new ArrayList<>();
		for (JsonNode bucket : series.path("buckets")) {
			assertThat(bucket.propertyNames()).containsExactlyInAnyOrder("start", "count");
			buckets.add(Map.entry(bucket.path("start").asString(), bucket.path("count").asLong()));
		}
		return buckets;
	}

	static List<Map.Entry<String, Long>> clientCounts(JsonNode clients) {
		List<Map.Entry<String, Long>> counts = new ArrayList<>();
		for (JsonNode item : clients.path("items")) {
			assertThat(item.propertyNames()).containsExactlyInAnyOrder("client", "count");
			counts.add(Map.entry(item.path("client").asString(), item.path("count").asLong()));
		}
		return counts;
	}

	static void assertProblem(Http.Reply reply, String parameter) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.detail()).as(reply.body()).startsWith(parameter + ":");
		assertThat(reply.json().path("field").asString()).isEqualTo(parameter);
	}

	static Duration hours(long hours) {
		return Duration.ofHours(hours);
	}

	static Duration minutes(long minutes) {
		return Duration.ofMinutes(minutes);
	}

	static String day(Instant start) {
		return LocalDate.ofInstant(start, ZoneOffset.UTC).toString();
	}

	/** The clock the test sets, and clients named by a header. */
	@TestConfiguration(proxyBeanMethods = false)
	static class TimeAndClients {

		static final String HEADER = "X-Test-Client";

		@Bean
		@Primary
		SettableClock settableClock() {
			return new SettableClock(D0);
		}

		@Bean
		Filter clientsByHeader() {
			return new Filter() {
				@Override
				public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
						throws IOException, ServletException {
					String client = ((HttpServletRequest) request).getHeader(HEADER);
					if (client != null) {
						Clients.identify(request, client);
					}
					chain.doFilter(request, response);
				}
			};
		}

	}

}
