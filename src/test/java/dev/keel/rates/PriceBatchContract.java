package dev.keel.rates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /rates/batches} as a user sees it, run once on the embedded storage (H2, the
 * in-process cache and worker) and once on production's PostgreSQL, Redis and RabbitMQ.
 */
abstract class PriceBatchContract extends PriceBatchFixture {

	/**
	 * An instance other than the one uploads go to, sharing its database and cache; the
	 * same one where there is only one.
	 */
	Http otherInstance() {
		return this.http;
	}

	@Test
	void aBatchWhoseLastLineIsWrongIsRejectedWholeAndNeverApplied() {
		long prices = count("SELECT COUNT(*) FROM prices");
		Http.Reply reply = upload("text/csv", HEADER + """
				PA110,PB110,2020-03-01,5000
				PA000,PB000,2020-03-01,5000
				PA100,PB100,2020-03-01,5000
				PA110,PB110,2020-03-32,5000
				""", null);
		assertThat(reply.status()).as(reply.body()).isEqualTo(422);
		assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
		JsonNode batch = reply.json();
		assertThat(reply.location()).isEqualTo("/rates/batches/" + batch.path("id").asLong());
		assertThat(batch.path("state").asString()).isEqualTo("rejected");
		assertThat(batch.path("rows").asLong()).isEqualTo(4);
		assertThat(batch.path("applied_at").isNull()).isTrue();
		assertThat(errors(batch)).containsExactly(tuple(5L, "day"));
		assertThat(batch.path("errors").get(0).path("reason").asString()).contains("2020-03-32");
		assertThat(this.http.get(reply.location()).json()).isEqualTo(batchIn(batch));
		assertThat(count("SELECT COUNT(*) FROM prices")).isEqualTo(prices);
		assertThat(count("SELECT COUNT(*) FROM rate_batch_prices")).isZero();
		assertThat(averages(this.http, ROOTS)).containsExactly(400L);
		assertThat(averages(this.http, PA110_TO_PB110)).containsExactly(150L);
	}

	@Test
	void everyKindOfBadRowIsNamedByItsLineAndField() {
		Http.Reply csv = upload("text/csv", """
				day,price,currency,destination_code,origin_code
				2020-03-01,5,,PB110,PA110
				2020-03-01,5,,PB110,ZZZZZ
				2020-03-01,5,,b1,PA110
				2026-02-30,5,USD,PB110,PA110
				2020-03-01,-5,,PB110,PA110
				2020-03-01,12.5,,PB110,PA110
				2020-03-01,2147483648,,PB110,PA110
				2020-03-01,5,XYZ,PB110,PA110

				2020-03-01,2147483647,USD,PB110,PA110
				2020-03-01,5,,,PA110
				""", null);
		assertThat(csv.status()).as(csv.body()).isEqualTo(422);
		JsonNode rejected = csv.json();
		// The blank line 10 is counted but is no row.
		assertThat(rejected.path("rows").asLong()).isEqualTo(10);
		assertThat(errors(rejected)).containsExactly(tuple(3L, "origin_code"), tuple(4L, "destination_code"),
				tuple(5L, "day"), tuple(6L, "price"), tuple(7L, "price"), tuple(8L, "price"), tuple(9L, "currency"),
				tuple(12L, "destination_code"));
		assertThat(reasons(rejected)).satisfiesExactly(r -> assertThat(r).contains("ZZZZZ"),
				r -> assertThat(r).contains("region"), r -> assertThat(r).contains("2026-02-30"),
				r -> assertThat(r).contains("negative"), r -> assertThat(r).contains("whole"),
				r -> assertThat(r).contains("2147483647"), r -> assertThat(r).contains("XYZ"),
				r -> assertThat(r).contains("required"));

		Http.Reply ndjson = upload("application/x-ndjson",
				"""
						{"origin_code": "PA110", "destination_code": "PB110", "day": "2020-03-01", "price": 5}
						{"origin_code": "PA110", "destination_code": "PB110", "day": "2020-03-01", "price": "5"}
						{"origin_code": 7, "destination_code": "PB110", "day": "2020-03-01", "price": 5}
						{"origin_code": "PA110", "destination_code": "PB110", "day": ["2020-03-01"], "price": 5}
						{"origin_code": "PA110", "destination_code": "PB110", "day": "2020-03-01", "price": 5, "currency": "USD"}
						""",
				null);
		assertThat(ndjson.status()).as(ndjson.body()).isEqualTo(422);
		assertThat(errors(ndjson.json())).containsExactly(tuple(2L, "price"), tuple(3L, "origin_code"),
				tuple(4L, "day"));
		assertThat(reasons(ndjson.json())).first().asString().contains("number");

		assertThat(count("SELECT COUNT(*) FROM rate_batches WHERE state = 'rejected'")).isEqualTo(2);
		assertThat(count("SELECT COUNT(*) FROM rate_batch_prices")).isZero();
		assertThat(averages(this.http, PA110_TO_PB110)).containsExactly(150L);
	}

	@Test
	void keepsTheFirstHundredErrorsAndCountsEveryRow() {
		StringBuilder body = new StringBuilder(HEADER);
		for (int i = 0; i < 150; i++) {
			body.append("PA110,PB110,2020-03-01,-").append(i + 1).append('\n');
		}
		Http.Reply reply = upload("text/csv", body.toString(), null);
		assertThat(reply.status()).isEqualTo(422);
		assertThat(reply.json().path("rows").asLong()).isEqualTo(150);
		assertThat(errors(reply.json())).hasSize(100).startsWith(tuple(2L, "price")).endsWith(tuple(101L, "price"));
	}

	@Test
	void unreadableBodiesAreRefusedAndStoreNothing() throws Exception {
		long prices = count("SELECT COUNT(*) FROM prices");
		assertBodyProblem("text/csv", "", 1);
		assertBodyProblem("text/csv", HEADER, 1);
		assertBodyProblem("text/csv", "\n\n" + HEADER + "\n", 4);
		assertBodyProblem("text/csv", "origin_code,destination_code,day,price,colour\nPA110,PB110,2020-03-01,5,red\n",
				1);
		assertBodyProblem("text/csv", "origin_code,destination_code,day\nPA110,PB110,2020-03-01\n", 1);
		assertBodyProblem("text/csv", "origin_code,destination_code,day,price,price\nPA110,PB110,2020-03-01,5,6\n", 1);
		assertBodyProblem("text/csv", "PA110,PB110,2020-03-01,5\n", 1);
		assertBodyProblem("text/csv", HEADER + "PA110,PB110,2020-03-01,5\nPA110,PB110,2020-03-01\n", 3);
		assertBodyProblem("text/csv", HEADER + "PA110,PB110,2020-03-01,5\nPA110,\"PB110,2020-03-01,5\n", 3);
		assertBodyProblem("application/x-ndjson", "", 1);
		assertBodyProblem("application/x-ndjson",
				"{\"origin_code\": \"PA110\", \"destination_code\": \"PB110\", \"day\": \"2020-03-01\", \"price\": 5}\n"
						+ "{\"origin_code\": \"PA110\",\n",
				2);
		assertBodyProblem("application/x-ndjson", "[\"PA110\", \"PB110\", \"2020-03-01\", 5]\n", 1);
		assertBodyProblem("application/x-ndjson",
				"{\"origin_code\": \"PA110\", \"destination_code\": \"PB110\", \"day\": \"2020-03-01\", \"price\": 5, "
						+ "\"colour\": \"red\"}\n",
				1);

		String row = HEADER + "PA110,PB110,2020-03-01,5\n";
		assertProblem(upload("application/json", "{}", null), 415, "Content-Type");
		assertProblem(upload("text/plain", row, null), 415, "Content-Type");
		assertProblem(this.http.send(HttpRequest.newBuilder(URI.create(this.http.base() + "/rates/batches"))
			.POST(HttpRequest.BodyPublishers.ofString(row))), 415, "Content-Type");
		assertProblem(upload("text/csv", row, ""), 400, "Idempotency-Key");
		assertProblem(upload("text/csv", row, "k".repeat(201)), 400, "Idempotency-Key");
		assertProblem(uploadWithRawKey(row, "clé".getBytes(StandardCharsets.UTF_8)), 400, "Idempotency-Key");
		assertProblem(upload("text/csv", row, "tab\tinside"), 400, "Idempotency-Key");
		assertProblem(this.http.send(HttpRequest.newBuilder(URI.create(this.http.base() + "/rates/batches?x=1"))
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofString(row))), 400, "x");

		assertThat(count("SELECT COUNT(*) FROM rate_batches")).isZero();
		assertThat(count("SELECT COUNT(*) FROM rate_batch_prices")).isZero();
		assertThat(count("SELECT COUNT(*) FROM prices")).isEqualTo(prices);
		JsonNode list = this.http.get("/rates/batches").json();
		assertThat(list.path("total").asLong()).isZero();
		assertThat(list.path("items").isEmpty()).isTrue();

		// The longest key is fine, and so is every printable character.
		String longest = "~ !\"#" + "k".repeat(195);
		Http.Reply accepted = upload("text/csv", row, longest);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.json().path("idempotency_key").asString()).isEqualTo(longest);
	}

	@Test
	void answersUnknownBatchesAndBadFiltersWithTheirField() {
		assertProblem(this.http.get("/rates/batches/987654321"), 404, "id");
		assertThat(this.http.get("/rates/batches/abc").status()).isEqualTo(400);
		assertProblem(this.http.get("/rates/batches?state=done"), 400, "state");
		assertProblem(this.http.get("/rates/batches?state=receiving"), 400, "state");
		assertProblem(this.http.get("/rates/batches?limit=0"), 400, "limit");
		assertProblem(this.http.get("/rates/batches?colour=red"), 400, "colour");
	}

	@Test
	void anAcceptedBatchIsAppliedWithEveryRowAndTheRegionSummary() {
		long prices = count("SELECT COUNT(*) FROM prices");
		String body = """
				destination_code,price,origin_code,day
				PB110,400,PA110,2020-03-01
				"PB000", "3000" ,PA000,2020-03-01
				PB110,7,PA100,2020-03-03
				""";
		Http.Reply reply = upload("text/csv", body, null);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		JsonNode accepted = reply.json();
		long id = accepted.path("id").asLong();
		assertThat(reply.location()).isEqualTo("/rates/batches/" + id);
		assertThat(accepted.path("state").asString()).isIn("queued", "applying", "applied");
		assertThat(accepted.path("rows").asLong()).isEqualTo(3);
		assertThat(accepted.path("errors").isEmpty()).isTrue();
		assertThat(accepted.path("idempotency_key").isNull()).isTrue();
		assertThat(OffsetDateTime.parse(accepted.path("received_at").asString()))
			.isBetween(OffsetDateTime.now().minusMinutes(1), OffsetDateTime.now().plusMinutes(1));

		JsonNode applied = awaitDone(id);
		assertThat(applied.path("state").asString()).isEqualTo("applied");
		assertThat(applied.path("apply_ms").asLong()).isNotNegative();
		assertThat(OffsetDateTime.parse(applied.path("applied_at").asString()))
			.isAfterOrEqualTo(OffsetDateTime.parse(accepted.path("received_at").asString()));
		assertThat(count("SELECT COUNT(*) FROM prices")).isEqualTo(prices + 3);
		// The staged rows go in a clean-up of their own, just after.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("SELECT COUNT(*) FROM rate_batch_prices WHERE batch_id = " + id) == 0);
		// (100 + 200 + 400) / 3; (100 + 200 + 301 + 1000 + 400 + 3000) / 6 through the
		// summary.
		assertThat(averages(this.http, PA110_TO_PB110)).containsExactly(233L);
		assertThat(averages(this.http, PA000_TO_PB000)).containsExactly(2000L);
		assertThat(averages(this.http, ROOTS)).containsExactly(834L);
		assertThat(
				averages(this.http, "/rates?date_from=2020-03-03&date_to=2020-03-03&origin=root_a&destination=root_b"))
			.containsExactly(7L);
		assertThat(count("SELECT SUM(price_count) FROM region_daily_prices WHERE day = DATE '2020-03-03'"))
			.isEqualTo(1);
	}

	@Test
	void batchesForTheSameLaneAndDayAreAppliedInTheOrderAccepted() {
		List<Long> ids = new ArrayList<>();
		for (int price = 2000; price <= 6000; price += 1000) {
			// CSV and NDJSON in turn, each after the other's answer.
			Http.Reply reply = (price % 2000 == 0)
					? upload("text/csv", HEADER + "PA000,PB000,2020-03-01," + price + "\n", null)
					: upload("application/x-ndjson", "{\"origin_code\": \"PA000\", \"destination_code\": \"PB000\", "
							+ "\"day\": \"2020-03-01\", \"price\": " + price + "}", null);
			assertThat(reply.status()).as(reply.body()).isEqualTo(202);
			ids.add(reply.json().path("id").asLong());
		}
		assertThat(ids).isSorted().doesNotHaveDuplicates();

		awaitDone(ids.get(ids.size() - 1));
		List<OffsetDateTime> appliedAt = new ArrayList<>();
		for (long id : ids) {
			JsonNode batch = this.http.get("/rates/batches/" + id).json();
			assertThat(batch.path("state").asString()).as("batch " + id).isEqualTo("applied");
			appliedAt.add(OffsetDateTime.parse(batch.path("applied_at").asString()));
		}
		assertThat(appliedAt).isSorted();
		assertThat(this.jdbc.sql("SELECT price FROM prices WHERE orig_code = 'PA000' AND dest_code = 'PB000'")
			.query(Long.class)
			.list()).containsExactlyInAnyOrder(1000L, 2000L, 3000L, 4000L, 5000L, 6000L);
		// (1000 + ... + 6000) / 6 and (1601 + 2000 + ... + 6000) / 9
		assertThat(averages(this.http, PA000_TO_PB000)).containsExactly(3500L);
		assertThat(averages(this.http, ROOTS)).containsExactly(2400L);
	}

	@Test
	void aRetryWithTheSameKeyAndBodyAnswersTheFirstBatch() {
		String body = HEADER + "PA000,PB000,2020-03-01,4000\n";
		Http.Reply first = upload("text/csv", body, "prices-2026-12-08");
		assertThat(first.status()).as(first.body()).isEqualTo(202);
		long id = first.json().path("id").asLong();
		awaitDone(id);

		Http.Reply retry = upload("text/csv", body, "prices-2026-12-08");
		assertThat(retry.status()).as(retry.body()).isEqualTo(200);
		assertThat(retry.location()).isEqualTo("/rates/batches/" + id);
		assertThat(retry.json().path("id").asLong()).isEqualTo(id);
		assertThat(retry.json().path("state").asString()).isEqualTo("applied");
		assertThat(retry.json().path("idempotency_key").asString()).isEqualTo("prices-2026-12-08");

		Http.Reply other = upload("text/csv", HEADER + "PA000,PB000,2020-03-01,4001\n", "prices-2026-12-08");
		assertProblem(other, 409, "Idempotency-Key");
		assertThat(other.json().path("batch").asLong()).isEqualTo(id);

		// A rejected batch is answered again the same way.
		String bad = HEADER + "PA000,PB000,2020-03-01,-1\n";
		Http.Reply rejected = upload("text/csv", bad, "bad-one");
		assertThat(rejected.status()).isEqualTo(422);
		Http.Reply rejectedAgain = upload("text/csv", bad, "bad-one");
		assertThat(rejectedAgain.status()).isEqualTo(200);
		assertThat(rejectedAgain.json()).isEqualTo(batchIn(rejected.json()));

		assertThat(count("SELECT COUNT(*) FROM rate_batches")).isEqualTo(2);
		assertThat(this.http.get("/rates/batches").json().path("total").asLong()).isEqualTo(2);
		// (1000 + 4000) / 2: the retry applied nothing twice.
		assertThat(averages(this.http, PA000_TO_PB000)).containsExactly(2500L);
	}

	@Test
	void listsBatchesNewestFirstByStateAndByCursor() {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String price = (i == 2) ? "-1" : Integer.toString(100 + i);
			Http.Reply reply = upload("text/csv", HEADER + "PA000,PB000,2020-03-01," + price + "\n", null);
			assertThat(reply.status()).isEqualTo((i == 2) ? 422 : 202);
			ids.add(reply.json().path("id").asLong());
		}
		awaitDone(ids.get(3));

		JsonNode all = this.http.get("/rates/batches").json();
		assertThat(all.propertyNames()).containsExactlyInAnyOrder("items", "limit", "offset", "total", "next");
		assertThat(ids(all)).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
		assertThat(all.path("total").asLong()).isEqualTo(4);
		assertThat(all.path("offset").asLong()).isZero();
		assertThat(all.path("next").isNull()).isTrue();
		assertThat(all.path("items").get(1)).isEqualTo(this.http.get("/rates/batches/" + ids.get(2)).json());

		JsonNode applied = this.http.get("/rates/batches?state=applied").json();
		assertThat(ids(applied)).containsExactly(ids.get(3), ids.get(1), ids.get(0));
		assertThat(applied.path("total").asLong()).isEqualTo(3);
		JsonNode rejected = this.http.get("/rates/batches?state=rejected").json();
		assertThat(ids(rejected)).containsExactly(ids.get(2));
		assertThat(this.http.get("/rates/batches?state=queued").json().path("total").asLong()).isZero();

		JsonNode firstPage = this.http.get("/rates/batches?state=applied&limit=2").json();
		assertThat(ids(firstPage)).containsExactly(ids.get(3), ids.get(1));
		assertThat(firstPage.path("limit").asInt()).isEqualTo(2);
		assertThat(firstPage.path("total").asLong()).isEqualTo(3);
		String next = firstPage.path("next").asString();
		assertThat(next).isNotBlank();
		JsonNode secondPage = this.http.get("/rates/batches?state=applied&limit=2&cursor=" + next).json();
		assertThat(ids(secondPage)).containsExactly(ids.get(0));
		assertThat(secondPage.path("offset").asLong()).isZero();
		assertThat(secondPage.path("total").asLong()).isEqualTo(3);
		assertThat(secondPage.path("next").isNull()).isTrue();
		// A cursor belongs to its filter.
		assertProblem(this.http.get("/rates/batches?state=rejected&limit=2&cursor=" + next), 400, "cursor");

		JsonNode byOffset = this.http.get("/rates/batches?limit=2&offset=2").json();
		assertThat(ids(byOffset)).containsExactly(ids.get(1), ids.get(0));
		assertThat(byOffset.path("offset").asLong()).isEqualTo(2);
		assertThat(byOffset.path("total").asLong()).isEqualTo(4);
	}

	@Test
	void anAppliedBatchEvictsTheCachedRatesOfItsLanesOnEveryInstance() {
		Http other = otherInstance();
		String portToRegion = "/rates?date_from=2020-03-01&date_to=2020-03-01&origin=PA110&destination=root_b";
		String regionToPort = "/rates?date_from=2020-03-01&date_to=2020-03-01&origin=a1&destination=PB110";
		for (int i = 0; i < 2; i++) {
			assertThat(averages(other, ROOTS)).containsExactly(400L);
			assertThat(averages(other, PA110_TO_PB110)).containsExactly(150L);
			assertThat(averages(other, portToRegion)).containsExactly(150L);
			assertThat(averages(other, regionToPort)).containsExactly(200L);
			assertThat(averages(other, PA000_TO_PB000)).containsExactly(1000L);
			assertThat(averages(this.http, ROOTS)).containsExactly(400L);
		}
		double hits = rateCacheHits(other);
		assertThat(averages(other, ROOTS)).containsExactly(400L);
		assertThat(rateCacheHits(other)).as("the answer is cached").isEqualTo(hits + 1);

		Http.Reply reply = upload("text/csv", HEADER + "PA110,PB110,2020-03-01,10000\n", null);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		assertThat(awaitDone(reply.json().path("id").asLong()).path("state").asString()).isEqualTo("applied");

		// (1601 + 10000) / 5, (100 + 200 + 10000) / 3, (100 + 200 + 301 + 10000) / 4
		assertThat(averages(other, ROOTS)).containsExactly(2320L);
		assertThat(averages(other, PA110_TO_PB110)).containsExactly(3433L);
		assertThat(averages(other, portToRegion)).containsExactly(3433L);
		assertThat(averages(other, regionToPort)).containsExactly(2650L);
		assertThat(averages(this.http, ROOTS)).containsExactly(2320L);
		hits = rateCacheHits(other);
		assertThat(averages(other, PA000_TO_PB000)).containsExactly(1000L);
		assertThat(rateCacheHits(other)).as("an unrelated lane stays cached").isEqualTo(hits + 1);
	}

	@Test
	void readersSeeAllOfABatchOrNoneOfItWhileItIsApplied() throws Exception {
		String[][] lanes = { { "PA110", "PB110" }, { "PA000", "PB000" }, { "PA100", "PB100" }, { "PA100", "PB110" } };
		int rows = 100_000;
		StringBuilder body = new StringBuilder(rows * 30).append(HEADER);
		long rootsSum = 1601;
		long laneSum = 300;
		long laneCount = 2;
		for (int i = 0; i < rows; i++) {
			String[] lane = lanes[i % lanes.length];
			int price = 1 + (i % 997) * 7;
			body.append(lane[0]).append(',').append(lane[1]).append(",2020-03-01,").append(price).append('\n');
			rootsSum += price;
			if (i % lanes.length == 0) {
				laneSum += price;
				laneCount++;
			}
		}
		Set<Long> rootsEither = Set.of(400L, average(rootsSum, 4 + rows));
		Set<Long> laneEither = Set.of(150L, average(laneSum, laneCount));
		assertThat(rootsEither).hasSize(2);
		assertThat(laneEither).hasSize(2);

		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger reads = new AtomicInteger();
		Set<String> wrong = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> readers = new ArrayList<>();
			for (int r = 0; r < 2; r++) {
				int reader = r;
				readers.add(pool.submit(() -> {
					for (int i = 0; !done.get(); i++) {
						// A range of its own each time, so most reads miss the cache.
						int daysBefore = (i * 3 + reader) % 300;
						String from = "date_from=" + java.time.LocalDate.of(2020, 3, 1).minusDays(daysBefore)
								+ "&date_to=2020-03-01";
						boolean roots = i % 2 == 0;
						String query = roots ? "/rates?" + from + "&origin=root_a&destination=root_b"
								: "/rates?" + from + "&origin=PA110&destination=PB110";
						Http.Reply reply = this.http.get(query);
						reads.incrementAndGet();
						if (reply.status() != 200) {
							wrong.add(reply.status() + " " + reply.body());
							continue;
						}
						JsonNode days = reply.json();
						long seen = days.get(days.size() - 1).path("average_price").asLong();
						if (!(roots ? rootsEither : laneEither).contains(seen)) {
							wrong.add(query + " saw " + seen);
						}
					}
				}));
			}
			Http.Reply reply = upload("text/csv", body.toString(), null);
			assertThat(reply.status()).as(reply.body()).isEqualTo(202);
			JsonNode applied = awaitDone(reply.json().path("id").asLong());
			assertThat(applied.path("state").asString()).isEqualTo("applied");
			assertThat(applied.path("rows").asLong()).isEqualTo(rows);
			done.set(true);
			for (Future<?> reader : readers) {
				reader.get();
			}
		}
		finally {
			done.set(true);
			pool.shutdownNow();
		}
		assertThat(wrong).isEmpty();
		assertThat(reads.get()).isPositive();
		assertThat(averages(this.http, ROOTS)).containsExactly(average(rootsSum, 4 + rows));
		assertThat(averages(this.http, PA110_TO_PB110)).containsExactly(average(laneSum, laneCount));
		assertThat(count("SELECT SUM(price_count) FROM region_daily_prices WHERE day = DATE '2020-03-01'"))
			.isEqualTo(4 + rows);
	}

	@Test
	void theStateSaysAppliedOnlyOnceNoStaleAnswerIsServed() {
		int rows = 100_000;
		StringBuilder body = new StringBuilder(rows * 30).append(HEADER);
		for (int i = 0; i < rows; i++) {
			body.append("PA110,PB110,2020-03-01,10000\n");
		}
		assertThat(averages(this.http, ROOTS)).containsExactly(400L);
		Http.Reply reply = upload("text/csv", body.toString(), null);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		String batch = "/rates/batches/" + reply.json().path("id").asLong();
		List<Long> seen = List.of(400L);
		while (!this.http.get(batch).json().path("state").asString().equals("applied")) {
			// The cached answer, read again and again while the batch is applied.
			seen = averages(this.http, ROOTS);
		}
		assertThat(seen).containsAnyOf(400L, 10000L);
		// (1601 + 10000 * rows) / (4 + rows)
		assertThat(averages(this.http, ROOTS)).as("the first read once the batch says applied")
			.containsExactly(average(1601 + 10_000L * rows, 4 + rows));
	}

	@Test
	void countsAppliedBatchesInMetrics() {
		double rows = this.http.metric("keel_rates_batches_rows_applied_total");
		double applies = this.http.metric("keel_rates_batches_apply_seconds_count");
		assumeThat(rows).as("batch metrics exported").isNotNegative();
		assumeThat(applies).as("batch metrics exported").isNotNegative();
		Http.Reply reply = upload("text/csv", HEADER + "PA000,PB000,2020-03-02,1\nPA000,PB000,2020-03-03,2\n", null);
		awaitDone(reply.json().path("id").asLong());
		assertThat(this.http.metric("keel_rates_batches_rows_applied_total")).isEqualTo(rows + 2);
		assertThat(this.http.metric("keel_rates_batches_apply_seconds_count")).isEqualTo(applies + 1);
	}

	private void assertBodyProblem(String contentType, String body, long line) {
		Http.Reply reply = upload(contentType, body, null);
		assertThat(reply.status()).as(body).isEqualTo(400);
		assertThat(reply.detail()).as(body).startsWith("body: line " + line + ":");
		assertThat(reply.json().path("field").asString()).isEqualTo("body");
	}

	// The batch a 422 problem carries: the problem without its own members.
	private static JsonNode batchIn(JsonNode problem) {
		ObjectNode batch = ((ObjectNode) problem).deepCopy();
		batch.remove(List.of("type", "title", "status", "detail", "instance", "field"));
		return batch;
	}

	private static List<org.assertj.core.groups.Tuple> errors(JsonNode batch) {
		List<org.assertj.core.groups.Tuple> errors = new ArrayList<>();
		batch.path("errors")
			.forEach(error -> errors.add(tuple(error.path("line").asLong(), error.path("field").asString())));
		return errors;
	}

	private static List<String> reasons(JsonNode batch) {
		List<String> reasons = new ArrayList<>();
		batch.path("errors").forEach(error -> reasons.add(error.path("reason").asString()));
		return reasons;
	}

	private static List<Long> ids(JsonNode page) {
		List<Long> ids = new ArrayList<>();
		page.path("items").forEach(item -> ids.add(item.path("id").asLong()));
		return ids;
	}

	private static double rateCacheHits(Http http) {
		return http.metric("keel_cache_gets_total{cache=\"rates\",result=\"hit\"");
	}

	/** The average rounded half up, as GET /rates answers it. */
	private static long average(long sum, long count) {
		return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 0, RoundingMode.HALF_UP).longValue();
	}

}
