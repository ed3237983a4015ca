package dev.keel.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.keel.platform.Http;

import static dev.keel.stats.StatsReport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stats API as a user sees it, run once on the embedded storage and once on the real
 * PostgreSQL and Redis. Each test starts with {@code DELETE /stats/}, which is not
 * counted itself; every {@code GET /stats/} is counted before its report is taken, so
 * each report holds its own request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class StatsContract {

	private static final Pattern SEGMENT = Pattern.compile("[a-z0-9]{8}");

	@LocalServerPort
	int port;

	StatsClient client;

	@BeforeEach
	void startFromNoCounts() {
		this.client = new StatsClient(this.port);
		this.client.reset();
	}

	@Test
	void aResetForgetsEveryCount() {
		ok("/api/a");
		ok("/api/b/");
		assertThat(this.client.report().totalRequests()).isEqualTo(3);
		Http.Reply reset = this.client.send("DELETE", "/stats");
		assertThat(reset.status()).isEqualTo(204);
		assertThat(reset.body()).isEmpty();
		assertThat(this.client.metric("keel_stats_unstored")).as("requests waiting for the store").isZero();
		StatsReport report = this.client.report();
		assertThat(report.items()).containsExactly(count("/stats/", 1));
		assertThat(report.totalRequests()).isEqualTo(1);
		assertThat(report.distinctUrls()).isEqualTo(1);
	}

	@Test
	void ranksByCountThenByPathAndPagesThroughThatOrder() {
		// Ties by path ascending compare characters by code: "Z" before "b", "-" before
		// "/" before "_", a path before its longer namesakes. Every count is at least 10,
		// so /stats/, requested once per report below, stays last throughout.
		List<StatsPage.UrlCount> ranked = List.of(count("/api/k", 15), count("/api/Zeta", 12), count("/api/b", 12),
				count("/api/e", 12), count("/api/c", 11), count("/api/z", 11), count("/api/", 10),
				count("/api/a/b/c/", 10), count("/api/one", 10), count("/api/one/", 10), count("/api/x-y", 10),
				count("/api/x/y", 10), count("/api/x_y", 10));
		// Sent interleaved, last-ranked first, so no order of arrival can pass for the
		// rank.
		for (int round = 0; round < 15; round++) {
			for (StatsPage.UrlCount url : ranked.reversed()) {
				if (round < url.count()) {
					ok(url.url());
				}
			}
		}
		long apiRequests = 15 + 3 * 12 + 2 * 11 + 7 * 10;
		int reports = 0;

		StatsReport whole = this.client.report("?limit=100");
		reports++;
		List<StatsPage.UrlCount> expected = new ArrayList<>(ranked);
		expected.add(count("/stats/", reports));
		assertThat(whole.items()).containsExactlyElementsOf(expected);
		assertThat(whole.totalRequests()).isEqualTo(apiRequests + reports);
		assertThat(whole.distinctUrls()).isEqualTo(14);
		assertThat(whole.limit()).isEqualTo(100);
		assertThat(whole.offset()).isZero();

		List<String> paged = new ArrayList<>();
		for (int offset = 0; offset < 14; offset += 5) {
			StatsReport page = this.client.report("?limit=5&offset=" + offset);
			reports++;
			expected.set(13, count("/stats/", reports));
			assertThat(page.items()).containsExactlyElementsOf(expected.subList(offset, Math.min(offset + 5, 14)));
			assertThat(page.totalRequests()).isEqualTo(apiRequests + reports);
			assertThat(page.distinctUrls()).isEqualTo(14);
			assertThat(page.limit()).isEqualTo(5);
			assertThat(page.offset()).isEqualTo(offset);
			paged.addAll(page.urls());
		}
		assertThat(paged).containsExactlyElementsOf(whole.urls());

		StatsReport beyond = this.client.report("?offset=14");
		reports++;
		assertThat(beyond.items()).isEmpty();
		assertThat(beyond.totalRequests()).isEqualTo(apiRequests + reports);
		assertThat(beyond.distinctUrls()).isEqualTo(14);
		assertThat(this.client.report("?limit=1").items()).containsExactly(count("/api/k", 15));
	}

	@Test
	void countsEveryConcurrentRequestExactlyOnce() throws Exception {
		List<String> urls = List.of("/api/", "/api/a", "/api/a/", "/api/b/c", "/api/d/e/f/");
		List<Callable<Http.Reply>> requests = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			String url = urls.get(i % urls.size());
			requests.add(() -> this.client.get(url));
			// Reports among them, so flushes race with the counting.
			if (i % 100 == 99) {
				requests.add(() -> this.client.get("/stats/?limit=10"));
			}
		}
		ExecutorService threads = Executors.newFixedThreadPool(32);
		try {
			for (Future<Http.Reply> reply : threads.invokeAll(requests)) {
				assertThat(reply.get().status()).as(reply.get().body()).isEqualTo(200);
			}
		}
		finally {
			threads.shutdown();
		}
		StatsReport report = this.client.report();
		// 20 reports among the requests, and this one.
		assertThat(report.items()).containsExactly(count("/api/", 400), count("/api/a", 400), count("/api/a/", 400),
				count("/api/b/c", 400), count("/api/d/e/f/", 400), count("/stats/", 21));
		assertThat(report.totalRequests()).isEqualTo(2000 + 21);
		assertThat(report.distinctUrls()).isEqualTo(6);
	}

	@Test
	void aTestRunAddsExactlyItsRequestsOnPathsOfItsThreeSegments() {
		Run run = startRun(1000);
		Finished finished = awaitFinished(run);
		assertThat(finished.view().path("completed").asInt()).isEqualTo(1000);
		assertThat(finished.view().path("failed").asInt()).isZero();

		StatsReport report = this.client.report();
		Map<String, Long> counts = report.counts();
		long apiRequests = 0;
		Set<String> segmentsSeen = new HashSet<>();
		for (StatsPage.UrlCount item : report.items()) {
			if (item.url().startsWith("/api/")) {
				assertThat(item.url()).matches(run.paths());
				apiRequests += item.count();
				segmentsSeen.addAll(Arrays.asList(item.url().substring("/api/".length()).split("/")));
			}
		}
		assertThat(apiRequests).isEqualTo(1000);
		assertThat(segmentsSeen).isSubsetOf(run.segments()).hasSizeLessThanOrEqualTo(3);
		assertThat(counts).containsEntry("/test/1000/", 1L)
			.containsEntry(run.location(), (long) finished.polls())
			.containsEntry("/stats/", 1L);
		long otherUrls = counts.keySet().stream().filter(url -> !url.startsWith("/api/")).count();
		assertThat(otherUrls).isEqualTo(3);
		assertThat(report.totalRequests()).isEqualTo(1000 + 1 + finished.polls() + 1);
		assertThat(report.distinctUrls()).isEqualTo(counts.size());
	}

	@Test
	void concurrentTestRunsAllFinishWhileOtherClientsAreServed() {
		int n = 2000;
		long started = System.nanoTime();
		List<Run> runs = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			// The last one on the path without a trailing slash.
			runs.add(startRun("/test/" + n + ((i < 3) ? "/" : ""), n));
		}
		int others = 0;
		long lastAnsweredMillis = 0;
		for (int i = 0; i < 3; i++) {
			long sent = System.nanoTime();
			ok("/api/x");
			others++;
			assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("GET /api/x during the runs")
				.isLessThan(Duration.ofSeconds(5));
			lastAnsweredMillis = (System.nanoTime() - started) / 1_000_000;
		}
		long polls = 0;
		long longestRunMillis = 0;
		for (Run run : runs) {
			Finished finished = awaitFinished(run);
			assertThat(finished.view().path("completed").asInt()).isEqualTo(n);
			assertThat(finished.view().path("failed").asInt()).isZero();
			polls += finished.polls();
			longestRunMillis = Math.max(longestRunMillis, finished.view().path("elapsed_ms").asLong());
		}
		assertThat(lastAnsweredMillis).as("the other client was served while a run was going")
			.isLessThan(longestRunMillis);

		StatsReport report = this.client.report();
		for (Run run : runs) {
			long requests = report.items()
				.stream()
				.filter(item -> run.paths().matcher(item.url()).matches())
				.mapToLong(StatsPage.UrlCount::count)
				.sum();
			assertThat(requests).as("requests of run %s", run.id()).isEqualTo(n);
		}
		Map<String, Long> counts = report.counts();
		assertThat(counts).containsEntry("/api/x", (long) others)
			.containsEntry("/test/" + n + "/", 3L)
			.containsEntry("/test/" + n, 1L)
			.containsEntry("/stats/", 1L);
		assertThat(report.totalRequests()).isEqualTo(4L * n + others + 4 + polls + 1);
	}

	@Test
	void refusesBadParametersNamingThem() {
		for (String n : List.of("abc", "0", "-1", "1.5", "1000001", "99999999999999999999")) {
			assertProblem(this.client.send("POST", "/test/" + n + "/"), "n");
		}
		assertProblem(this.client.send("POST", "/test/abc"), "n");
		assertProblem(this.client.send("POST", "/test/5/?x=1"), "x");
		for (String query : List.of("limit=abc", "limit=0", "limit=-1", "limit=10001", "limit=", "limit=2.0")) {
			assertProblem(this.client.get("/stats/?" + query), "limit");
		}
		for (String query : List.of("offset=x", "offset=-1", "offset=2147483648", "limit=5&offset=1e3")) {
			assertProblem(this.client.get("/stats?" + query), "offset");
		}
		assertProblem(this.client.get("/stats/?sort=url"), "sort");
		assertProblem(this.client.get("/stats/?limit=5&limt=5"), "limt");

		StatsReport largest = this.client.report("?limit=10000&offset=2147483647");
		assertThat(largest.limit()).isEqualTo(10_000);
		assertThat(largest.offset()).isEqualTo(2_147_483_647L);
		assertThat(largest.items()).isEmpty();
		// The refused requests matched a route, so they count; the refused runs never
		// started, so no /api/ path has a count.
		StatsReport report = this.client.report();
		assertThat(report.urls()).noneMatch(url -> url.startsWith("/api/"));
		assertThat(report.counts()).containsEntry("/stats/", 6L + 2 + 1 + 1)
			.containsEntry("/stats", 4L)
			.containsEntry("/test/abc/", 1L)
			.containsEntry("/test/abc", 1L)
			.containsEntry("/test/5/", 1L);
	}

	@Test
	void neverCountsWhatNoRouteServed() {
		assertThat(this.client.get("/api").status()).isEqualTo(404);
		assertThat(this.client.get("/api").detail()).isNotBlank();
		assertThat(this.client.get("/nowhere/at/all").status()).isEqualTo(404);
		// Only POST /test/{n} matches this path.
		assertThat(this.client.get("/test/runs").status()).isEqualTo(405);
		for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
			Http.Reply reply = this.client.send(method, "/api/x");
			assertThat(reply.status()).as(method).isEqualTo(405);
		}
		// OPTIONS asks about a route without using it; Spring answers it where a route
		// takes other methods.
		assertThat(this.client.send("OPTIONS", "/stats/").status()).isEqualTo(200);
		// A static file (the Swagger UI's) takes GET only.
		assertThat(this.client.send("POST", "/swagger-ui/index.html").status()).isEqualTo(405);
		assertThat(this.client.send("OPTIONS", "/swagger-ui/index.html").status()).isEqualTo(200);
		assertThat(this.client.get("/swagger-ui/no-such-file.js").status()).isEqualTo(404);
		String tooLong = "/api/" + "a".repeat(2044);
		assertThat(tooLong).hasSize(2049);
		Http.Reply refused = this.client.get(tooLong);
		assertThat(refused.status()).isEqualTo(414);
		assertThat(refused.detail()).startsWith("path");
		assertThat(this.client.get("/actuator/health").status()).isEqualTo(200);

		// Served, so counted: the longest path allowed, and HEAD, which GET routes serve.
		String longest = "/api/" + "a".repeat(2043);
		Http.Reply longestReply = this.client.get(longest);
		assertThat(longestReply.status()).isEqualTo(200);
		assertThat(longestReply.json().path("path").asString()).isEqualTo(longest);
		Http.Reply head = this.client.send("HEAD", "/api/head");
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.body()).isEmpty();

		StatsReport report = this.client.report();
		assertThat(report.items()).containsExactly(count(longest, 1), count("/api/head", 1), count("/stats/", 1));
		assertThat(report.totalRequests()).isEqualTo(3);
		assertThat(report.distinctUrls()).isEqualTo(3);
	}

	@Test
	void countsEachPathAsReceivedWithoutItsQueryString() {
		assertThat(ok("/api/q?x=1")).isEqualTo("/api/q");
		assertThat(ok("/api/q?y=2&z")).isEqualTo("/api/q");
		assertThat(ok("/api/q")).isEqualTo("/api/q");
		assertThat(ok("/api/one")).isEqualTo("/api/one");
		assertThat(ok("/api/one/")).isEqualTo("/api/one/");
		assertThat(ok("/api/one/")).isEqualTo("/api/one/");
		assertThat(ok("/api/")).isEqualTo("/api/");
		assertThat(ok("/api/a/b/c/d/e/f/g/")).isEqualTo("/api/a/b/c/d/e/f/g/");
		// Not decoded either.
		assertThat(ok("/api/%7E")).isEqualTo("/api/%7E");
		assertThat(ok("/api/~")).isEqualTo("/api/~");
		StatsReport bare = StatsReport.of(this.client.get("/stats"));
		assertThat(bare.limit()).isEqualTo(100);

		StatsReport report = this.client.report();
		assertThat(report.items()).containsExactly(count("/api/q", 3), count("/api/one/", 2), count("/api/", 1),
				count("/api/%7E", 1), count("/api/a/b/c/d/e/f/g/", 1), count("/api/one", 1), count("/api/~", 1),
				count("/stats", 1), count("/stats/", 1));
		assertThat(report.totalRequests()).isEqualTo(12);
		assertThat(report.distinctUrls()).isEqualTo(9);
	}

	@Test
	void anUnknownTestRunIsNotFound() {
		Http.Reply reply = this.client.get("/test/runs/unknown");
		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.detail()).contains("unknown");
		assertThat(this.client.get("/test/runs/unknown/").status()).isEqualTo(404);
	}

	/** GETs a path that must answer 200 with itself; returns the path answered. */
	private String ok(String pathAndQuery) {
		Http.Reply reply = this.client.get(pathAndQuery);
		assertThat(reply.status()).as(pathAndQuery).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		return reply.json().path("path").asString();
	}

	private Run startRun(int n) {
		return startRun("/test/" + n + "/", n);
	}

	private Run startRun(String path, int n) {
		Http.Reply reply = this.client.send("POST", path);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		JsonNode view = reply.json();
		String id = view.path("id").asString();
		assertThat(reply.location()).isEqualTo("/test/runs/" + id);
		assertThat(view.path("requested").asInt()).isEqualTo(n);
		assertThat(view.path("state").asString()).isIn("running", "finished");
		assertThat(view.has("elapsed_ms")).isTrue();
		assertThat(view.has("requests_per_second")).isTrue();
		List<String> segments = new ArrayList<>();
		view.path("segments").forEach(segment -> segments.add(segment.asString()));
		assertThat(segments).hasSize(3).doesNotHaveDuplicates().allMatch(s -> SEGMENT.matcher(s).matches());
		return new Run(id, reply.location(), segments);
	}

	private Finished awaitFinished(Run run) {
		AtomicInteger polls = new AtomicInteger();
		AtomicReference<JsonNode> view = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
			polls.incrementAndGet();
			Http.Reply reply = this.client.get(run.location());
			assertThat(reply.status()).as(reply.body()).isEqualTo(200);
			view.set(reply.json());
			return "finished".equals(reply.json().path("state").asString());
		});
		JsonNode finished = view.get();
		assertThat(finished.path("id").asString()).isEqualTo(run.id());
		assertThat(finished.path("requested").asInt())
			.isEqualTo(finished.path("completed").asInt() + finished.path("failed").asInt());
		List<String> segments = new ArrayList<>();
		finished.path("segments").forEach(segment -> segments.add(segment.asString()));
		assertThat(segments).isEqualTo(run.segments());
		return new Finished(finished, polls.get());
	}

	private static void assertProblem(Http.Reply reply, String field) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.detail()).startsWith(field + ":");
		assertThat(reply.json().path("field").asString()).isEqualTo(field);
	}

	/** A started run: where to watch it and the segments its paths are made of. */
	record Run(String id, String location, List<String> segments) {

		/** Every path the run may request: 1 to 6 of its segments, each with a slash. */
		Pattern paths() {
			String segment = this.segments.stream().map(Pattern::quote).collect(Collectors.joining("|"));
			return Pattern.compile("/api/((" + segment + ")/){1,6}");
		}

	}

	record Finished(JsonNode view, int polls) {

	}

}
