package dev.keel.rates;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rates API as a user sees it, run once on the embedded storage and once on the real
 * PostgreSQL and Redis. Each test starts from {@code fixture.sql}: two region trees two
 * levels deep (root_a > a1 > a1x, root_b > b1 > b1x) with a port on every level.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RatesContract {

	static final Path DATASET = Path.of("../shared/data/ratestask/rates.sql");

	@LocalServerPort
	int port;

	@Autowired
	RatesImport importer;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ImportRatesCommand command;

	Http http;

	@BeforeEach
	void loadFixture() throws Exception {
		this.http = new Http(this.port);
		this.importer.load(fixture(), line -> {
		});
	}

	@Test
	void readmeExampleMatchesThePublicDataset() throws Exception {
		assertThat(DATASET).as("the public dataset beside the project").exists();
		this.importer.load(DATASET, line -> {
		});
		String query = "?date_from=2016-01-01&date_to=2016-01-10&origin=CNSGH&destination=north_europe_main";
		assertThat(averages("/rates_null" + query)).containsExactly(1112L, 1112L, null, null, 1142L, 1142L, 1137L,
				1124L, 1124L, 1124L);
		// Without the threshold, 4 January has its single planted price.
		assertThat(averages("/rates" + query)).containsExactly(1112L, 1112L, null, 100500L, 1142L, 1142L, 1137L, 1124L,
				1124L, 1124L);
	}

	@Test
	void averagesAllPortsOfNestedRegions() {
		// a1 holds PA100 and, one level down in a1x, PA110; b1 holds b1x's PB110.
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-03&origin=a1&destination=b1"))
			.containsExactly(200L, 2L, null);
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-02&origin=a1x&destination=b1x"))
			.containsExactly(150L, 2L);
	}

	@Test
	void averagesRootRegionToRootRegion() {
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-06&origin=root_a&destination=root_b"))
			.containsExactly(400L, 2L, null, null, 10L, null);
	}

	@Test
	void mixesPortsAndRegions() {
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-01&origin=PA110&destination=root_b"))
			.containsExactly(150L);
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-01&origin=root_a&destination=PB000"))
			.containsExactly(1000L);
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-01&origin=PA110&destination=PB110"))
			.containsExactly(150L);
	}

	@Test
	void aRegionWithoutPortsHasNoPrices() {
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-02&origin=empty_r&destination=root_b"))
			.containsExactly(null, null);
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-02&origin=PA110&destination=empty_r"))
			.containsExactly(null, null);
	}

	@Test
	void directionMatters() {
		assertThat(averages("/rates?date_from=2020-03-04&date_to=2020-03-04&origin=root_b&destination=root_a"))
			.containsExactly(500L);
		assertThat(averages("/rates?date_from=2020-03-04&date_to=2020-03-04&origin=root_a&destination=root_b"))
			.containsExactly((Long) null);
	}

	@Test
	void everyDayOfTheRangeIsListedInOrder() {
		JsonNode days = this.http.get("/rates?date_from=2020-02-28&date_to=2020-03-02&origin=a1&destination=b1").json();
		assertThat(days).hasSize(4);
		assertThat(days.get(0).path("day").asString()).isEqualTo("2020-02-28");
		assertThat(days.get(1).path("day").asString()).isEqualTo("2020-02-29");
		assertThat(days.get(3).path("day").asString()).isEqualTo("2020-03-02");
		assertThat(days.get(0).has("average_price")).isTrue();
	}

	@Test
	void rangesBeforeAndAfterTheDataAreAllNull() {
		assertThat(averages("/rates?date_from=2019-12-30&date_to=2020-01-02&origin=root_a&destination=root_b"))
			.containsExactly(null, null, null, null);
		assertThat(averages("/rates?date_from=2021-01-01&date_to=2021-01-02&origin=PA110&destination=PB110"))
			.containsExactly(null, null);
	}

	@Test
	void ratesNullNeedsThreePricesUnlessToldOtherwise() {
		String lane = "date_from=2020-03-01&date_to=2020-03-02&origin=a1&destination=b1";
		assertThat(averages("/rates_null?" + lane)).containsExactly(200L, null);
		assertThat(averages("/rates_null?" + lane + "&min_prices=2")).containsExactly(200L, 2L);
		assertThat(averages("/rates?" + lane + "&min_prices=3")).containsExactly(200L, null);
		assertThat(averages("/rates?" + lane + "&min_prices=4")).containsExactly(null, null);
	}

	@Test
	void roundsHalfUp() {
		// 1 and 2 average 1.5, which rounds up to 2; 100, 200 and 301 average 200.33.
		assertThat(averages("/rates?date_from=2020-03-02&date_to=2020-03-02&origin=PA110&destination=PB110"))
			.containsExactly(2L);
		assertThat(DailyAverage.roundedAverage(5, 2)).isEqualTo(3);
		assertThat(DailyAverage.roundedAverage(7, 3)).isEqualTo(2);
		assertThat(DailyAverage.roundedAverage(8, 3)).isEqualTo(3);
	}

	@Test
	void refusesBadQueriesNamingTheParameter() {
		String ok = "origin=a1&destination=b1";
		assertProblem("/rates?date_to=2020-03-01&" + ok, "date_from");
		assertProblem("/rates?date_from=2020-03-01&" + ok, "date_to");
		assertProblem("/rates?date_from=2020-3-1&date_to=2020-03-01&" + ok, "date_from");
		assertProblem("/rates?date_from=2020-02-30&date_to=2020-03-01&" + ok, "date_from");
		assertProblem("/rates?date_from=%2B999999999-12-31&date_to=%2B999999999-12-31&" + ok, "date_from");
		assertProblem("/rates?date_from=0000-01-01&date_to=0000-01-02&" + ok, "date_from");
		assertProblem("/rates?date_from=2020-03-02&date_to=2020-03-01&" + ok, "date_to");
		assertProblem("/rates?date_from=2020-01-01&date_to=2021-01-01&" + ok, "date_to");
		assertProblem("/rates?date_from=2020-03-01&date_to=2020-03-01&origin=nowhere&destination=b1", "origin");
		assertProblem("/rates?date_from=2020-03-01&date_to=2020-03-01&origin=a1", "destination");
		assertProblem("/rates?date_from=2020-03-01&date_to=2020-03-01&min_prices=-1&" + ok, "min_prices");
		assertProblem("/rates?date_from=2020-03-01&date_to=2020-03-01&min_prices=x&" + ok, "min_prices");
		assertProblem("/rates?date_from=2020-03-01&date_to=2020-03-01&orign=a1&" + ok, "orign");
		// 366 days counting both ends is the most allowed.
		assertThat(this.http.get("/rates?date_from=2020-01-01&date_to=2020-12-31&" + ok).status()).isEqualTo(200);
	}

	@Test
	void storesAnUploadOnEveryDayOfItsRange() {
		Http.Reply reply = this.http.postJson("/rates", """
				{"date_from": "2020-03-01", "date_to": "2020-03-03", "origin_code": "PA110",
				 "destination_code": "PB110", "price": 700}""");
		assertThat(reply.status()).isEqualTo(201);
		assertThat(reply.location())
			.isEqualTo("/rates?date_from=2020-03-01&date_to=2020-03-03&origin=PA110&destination=PB110");
		JsonNode receipt = reply.json();
		assertThat(receipt.path("origin_code").asString()).isEqualTo("PA110");
		assertThat(receipt.path("destination_code").asString()).isEqualTo("PB110");
		assertThat(receipt.path("date_from").asString()).isEqualTo("2020-03-01");
		assertThat(receipt.path("date_to").asString()).isEqualTo("2020-03-03");
		assertThat(receipt.path("price_usd").asLong()).isEqualTo(700);
		assertThat(receipt.path("days_stored").asLong()).isEqualTo(3);
		assertThat(priceCount("PA110", "PB110")).isEqualTo(4 + 3);
		// (100 + 200 + 700) / 3 and (1 + 2 + 700) / 3; 3 March had no price before.
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-03&origin=PA110&destination=PB110"))
			.containsExactly(333L, 234L, 700L);
	}

	@Test
	void acceptsUploadsAsFormAndQueryParameters() {
		String fields = "date_from=2020-03-03&date_to=2020-03-03&origin_code=PA000&destination_code=PB000";
		assertThat(this.http.postForm("/rates", fields + "&price=40").status()).isEqualTo(201);
		assertThat(this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/rates?" + fields + "&price=60"))
				.POST(HttpRequest.BodyPublishers.noBody()))
			.status()).isEqualTo(201);
		assertThat(averages("/rates?date_from=2020-03-03&date_to=2020-03-03&origin=PA000&destination=PB000"))
			.containsExactly(50L);
	}

	@Test
	void refusesBadUploadsAndStoresNothing() {
		long before = totalPrices();
		String lane = "\"origin_code\": \"PA110\", \"destination_code\": \"PB110\"";
		String days = "\"date_from\": \"2020-03-01\", \"date_to\": \"2020-03-02\"";
		assertUploadProblem("{" + days + ", " + lane + ", \"price\": 12.5}", "price");
		assertUploadProblem("{" + days + ", " + lane + ", \"price\": 1E-999999999}", "price");
		assertUploadProblem("{" + days + ", " + lane + ", \"price\": -1}", "price");
		assertUploadProblem("{" + days + ", " + lane + ", \"price\": \"abc\"}", "price");
		assertUploadProblem("{" + days + ", " + lane + "}", "price");
		assertUploadProblem("{" + days + ", \"origin_code\": \"a1\", \"destination_code\": \"PB110\", \"price\": 5}",
				"origin_code");
		assertUploadProblem("{" + days + ", \"origin_code\": \"PA110\", \"destination_code\": \"ZZZZZ\", \"price\": 5}",
				"destination_code");
		assertUploadProblem("{\"date_from\": \"2020-03-02\", \"date_to\": \"2020-03-01\", " + lane + ", \"price\": 5}",
				"date_to");
		assertUploadProblem("{\"date_from\": \"2020-01-01\", \"date_to\": \"2021-01-01\", " + lane + ", \"price\": 5}",
				"date_to");
		assertUploadProblem("{\"date_from\": \"01/03/2020\", \"date_to\": \"2020-03-01\", " + lane + ", \"price\": 5}",
				"date_from");
		assertUploadProblem("{" + days + ", " + lane + ", \"price\": 5, \"currency\": \"XYZ\"}", "currency");
		assertUploadProblem("{" + days + ", " + lane + ", \"price\": 5, \"currency\": \"EURO\"}", "currency");
		// No exchange-rate API is configured here, so only USD is accepted.
		assertUploadProblem("{" + days + ", " + lane + ", \"price\": 5, \"currency\": \"EUR\"}", "currency");
		assertUploadProblem("{" + days + ", " + lane + ", \"price\": 5, \"colour\": \"red\"}", "colour");
		Http.Reply form = this.http.postForm("/rates",
				"date_from=2020-03-01&date_to=2020-03-01&origin_code=PA110&destination_code=PB110&price=1e1x");
		assertThat(form.status()).isEqualTo(400);
		assertThat(form.detail()).startsWith("price");
		assertThat(totalPrices()).isEqualTo(before);
	}

	@Test
	void cachesAnswersAndEvictsThemOnUpload() {
		String query = "/rates?date_from=2020-03-01&date_to=2020-03-01&origin=root_a&destination=root_b";
		String enclosed = "/rates?date_from=2020-03-01&date_to=2020-03-01&origin=a1&destination=PB110";
		String portToRegion = "/rates?date_from=2020-03-01&date_to=2020-03-01&origin=PA110&destination=root_b";
		String otherLane = "/rates?date_from=2020-03-01&date_to=2020-03-01&origin=PA000&destination=PB000";
		assertThat(averages(enclosed)).containsExactly(200L);
		assertThat(averages(portToRegion)).containsExactly(150L);
		assertThat(averages(otherLane)).containsExactly(1000L);
		assertThat(averages(query)).containsExactly(400L);
		double hits = cacheHits();
		assertThat(averages(query)).containsExactly(400L);
		assertThat(cacheHits()).isEqualTo(hits + 1);
		this.http.postJson("/rates", """
				{"date_from": "2020-03-01", "date_to": "2020-03-01", "origin_code": "PA110",
				 "destination_code": "PB110", "price": 10000}""");
		// (100 + 200 + 301 + 1000 + 10000) / 5, for the roots and every pair between.
		assertThat(averages(query)).containsExactly(2320L);
		// (100 + 200 + 301 + 10000) / 4 and (100 + 200 + 10000) / 3; PA000 -> PB000 is
		// untouched.
		assertThat(averages(enclosed)).containsExactly(2650L);
		assertThat(averages(portToRegion)).containsExactly(3433L);
		hits = cacheHits();
		assertThat(averages(otherLane)).containsExactly(1000L);
		assertThat(cacheHits()).as("an unrelated lane stays cached").isEqualTo(hits + 1);
	}

	@Test
	void concurrentUploadsKeepTheRegionSummaryExact() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Callable<Integer>> uploads = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			int price = 1000 + i;
			uploads.add(() -> this.http.postJson("/rates", """
					{"date_from": "2020-04-01", "date_to": "2020-04-05", "origin_code": "PA100",
					 "destination_code": "PB100", "price": %d}""".formatted(price)).status());
		}
		try {
			for (Future<Integer> status : pool.invokeAll(uploads)) {
				assertThat(status.get()).isEqualTo(201);
			}
		}
		finally {
			pool.shutdown();
		}
		// Sum of 1000..1031 over 32 prices is 1015.5, rounded up.
		assertThat(averages("/rates?date_from=2020-04-01&date_to=2020-04-05&origin=root_a&destination=root_b"))
			.containsOnly(1016L)
			.hasSize(5);
		assertThat(averages("/rates?date_from=2020-04-01&date_to=2020-04-05&origin=PA100&destination=PB100"))
			.containsOnly(1016L);
		assertThat(this.jdbc.sql("SELECT SUM(price_count) FROM region_daily_prices WHERE day >= DATE '2020-04-01'")
			.query(Long.class)
			.single()).isEqualTo(32 * 5);
	}

	@Test
	void aLongAnswerIsGzippedForAClientThatAsks() throws Exception {
		URI year = URI.create("http://127.0.0.1:" + this.port
				+ "/rates?date_from=2020-01-01&date_to=2020-12-31&origin=root_a&destination=root_b");
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<byte[]> plain = client.send(HttpRequest.newBuilder(year).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(plain.body().length).isGreaterThan(8_000);
		HttpResponse<byte[]> gzipped = client.send(
				HttpRequest.newBuilder(year).header("Accept-Encoding", "gzip").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(gzipped.statusCode()).isEqualTo(200);
		assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(gzipped.body().length).isLessThan(plain.body().length / 4);
		try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
			assertThat(unzipped.readAllBytes()).isEqualTo(plain.body());
		}
	}

	@Test
	void importingTheSameDumpTwiceLeavesTheSameData() throws Exception {
		long prices = totalPrices();
		List<Long> before = averages("/rates?date_from=2020-03-01&date_to=2020-03-06&origin=root_a&destination=root_b");
		RatesImport.Summary again = this.importer.load(fixture(), line -> {
		});
		assertThat(again.prices()).isEqualTo(prices).isEqualTo(8 - 1 + 1);
		assertThat(again.regions()).isEqualTo(7);
		assertThat(again.ports()).isEqualTo(6);
		assertThat(again.statements()).isEqualTo(2);
		assertThat(totalPrices()).isEqualTo(prices);
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-06&origin=root_a&destination=root_b"))
			.isEqualTo(before);
		assertThat(this.jdbc.sql("SELECT name FROM ports WHERE code = 'PB110'").query(String.class).single())
			.isEqualTo("Måløy \\ B");
	}

	@Test
	void aRefusedDumpChangesNothing(@TempDir Path dir) throws Exception {
		long prices = totalPrices();
		Path broken = dir.resolve("broken.sql");
		Files.writeString(broken, Files.readString(fixture())
			.replace("PA000\tPB000\t2020-03-01\t1000", "PA000\tPB000\t2020-03-01\tlots"));
		assertThatThrownBy(() -> this.importer.load(broken, line -> {
		})).isInstanceOf(UnreadableDump.class).hasMessageContaining("line 26").hasMessageContaining("price 'lots'");
		Path late = dir.resolve("late.sql");
		Files.writeString(late, Files.readString(fixture())
				+ "\nINSERT INTO prices VALUES ('PA110', 'NOPE1', date'2020-03-05', 10);\n");
		assertThatThrownBy(() -> this.importer.load(late, line -> {
		})).isInstanceOf(UnreadableDump.class).hasMessageContaining("line 50").hasMessageContaining("statement fails");
		assertThat(totalPrices()).isEqualTo(prices);
		assertThat(averages("/rates?date_from=2020-03-01&date_to=2020-03-01&origin=root_a&destination=root_b"))
			.containsExactly(400L);
	}

	@Test
	void importsStatementsWithQuotedColumnNames(@TempDir Path dir) throws Exception {
		Path quoted = dir.resolve("quoted.sql");
		Files.writeString(quoted, Files.readString(fixture())
				+ """
						INSERT INTO ports ("code", "name", "parent_slug") VALUES ('PC000', 'Port C', 'b1');
						INSERT INTO prices ("orig_code", "dest_code", "day", "price") VALUES ('PA000', 'PC000', date'2020-03-01', 7);
						""");
		RatesImport.Summary summary = this.importer.load(quoted, line -> {
		});
		assertThat(summary.ports()).isEqualTo(7);
		assertThat(summary.statements()).isEqualTo(4);
		assertThat(priceCount("PA000", "PC000")).isEqualTo(1);
	}

	@Test
	void theImportCommandReportsARefusedDumpWithExitCodeTwo(@TempDir Path dir) throws Exception {
		Path cyclic = dir.resolve("cyclic.sql");
		Files.writeString(cyclic, Files.readString(fixture()).replace("root_a\tRoot A\t\\N", "root_a\tRoot A\ta1x"));
		this.command.run(new DefaultApplicationArguments("import-rates", cyclic.toString()));
		assertThat(this.command.getExitCode()).isEqualTo(2);
		// A quoted name in the wrong case crashed the import (exit 1) instead of a
		// refusal.
		Path quoted = dir.resolve("quoted.sql");
		Files.writeString(quoted, Files.readString(fixture())
				+ "INSERT INTO ports (\"Code\", name, parent_slug) VALUES ('PC000', 'Port C', 'b1');\n");
		this.command.run(new DefaultApplicationArguments("import-rates", quoted.toString()));
		assertThat(this.command.getExitCode()).isEqualTo(2);
		this.command.run(new DefaultApplicationArguments("import-rates", fixture().toString()));
		assertThat(this.command.getExitCode()).isZero();
	}

	private List<Long> averages(String pathAndQuery) {
		Http.Reply reply = this.http.get(pathAndQuery);
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		List<Long> prices = new ArrayList<>();
		reply.json()
			.forEach(day -> prices.add(day.path("average_price").isNull() ? null : day.path("average_price").asLong()));
		return prices;
	}

	private void assertProblem(String pathAndQuery, String field) {
		Http.Reply reply = this.http.get(pathAndQuery);
		assertThat(reply.status()).as(pathAndQuery).isEqualTo(400);
		assertThat(reply.detail()).as(pathAndQuery).startsWith(field + ":");
		assertThat(reply.json().path("field").asString()).isEqualTo(field);
	}

	private void assertUploadProblem(String json, String field) {
		Http.Reply reply = this.http.postJson("/rates", json);
		assertThat(reply.status()).as(json).isEqualTo(400);
		assertThat(reply.detail()).as(json).startsWith(field);
	}

	private long priceCount(String origin, String destination) {
		return this.jdbc.sql("SELECT COUNT(*) FROM prices WHERE orig_code = :o AND dest_code = :d")
			.param("o", origin)
			.param("d", destination)
			.query(Long.class)
			.single();
	}

	private long totalPrices() {
		return this.jdbc.sql("SELECT COUNT(*) FROM prices").query(Long.class).single();
	}

	private double cacheHits() {
		return this.meters.counter("keel.cache.gets", "cache", "rates", "result", "hit").count();
	}

	static Path fixture() throws IOException {
		try {
			return Path.of(RatesContract.class.getResource("fixture.sql").toURI());
		}
		catch (URISyntaxException ex) {
			throw new IOException(ex);
		}
	}

}
