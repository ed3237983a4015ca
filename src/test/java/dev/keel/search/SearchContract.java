package dev.keel.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

import dev.keel.platform.Http.Reply;

import static dev.keel.search.SearchClient.encoded;
import static dev.keel.search.SearchClient.fields;
import static dev.keel.search.SearchClient.ids;
import static dev.keel.search.SearchClient.item;
import static dev.keel.search.SearchClient.items;
import static dev.keel.search.SearchClient.problem;
import static dev.keel.search.SearchClient.rejections;
import static dev.keel.search.SearchClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search API as a user sees it, run once on the embedded storage and once on the real
 * PostgreSQL and Redis: the sample file of the issue ingested whole, every date format
 * and every kind of bad record, duplicates, atomic requests and the request limits; then
 * the search itself: accents and case, literal wildcards, inclusive date bounds, order,
 * paging by offset and cursor, and a search after an ingest seeing what it stored. Each
 * test starts from an empty index, and every refused request is checked to have stored
 * nothing.
 */
abstract class SearchContract extends SearchFixture {

	static final String OK_URL = "https://ok.example/";

	static final String DAY = "2020-01-01";

	// One character, two UTF-16 units.
	static final String EMOJI = "\uD83D\uDCDA";

	@Autowired
	BulkReader reader;

	@Autowired
	Ingest ingest;

	@TempDir
	Path files;

	// The sample file

	@Test
	void ingestsTheSampleFileRejectingExactlyItsFiveBadRecords() {
		JsonNode result = this.search.ingest(SampleItems.text());

		assertThat(result.path("inserted").asInt()).isEqualTo(SampleItems.ACCEPTED);
		assertThat(result.path("duplicates").asInt()).isZero();
		assertThat(rejections(result.path("rejected"))).containsExactly("5:uri", "46:title", "75:title", "91:date",
				"97:uri");
		for (JsonNode rejection : result.path("rejected")) {
			int index = rejection.path("index").asInt();
			assertThat(rejection.path("field").asString()).isEqualTo(SampleItems.REJECTED.get(index));
			assertThat(rejection.path("reason").asString()).as("reason of record %d", index)
				.containsIgnoringCase(SampleItems.REASONS.get(index));
		}
		assertThat(this.search.stored()).isEqualTo(95);
		assertThat(this.search.search("").path("total").asLong()).isEqualTo(95);
	}

	@Test
	void storesEveryAcceptedSampleRecordWithItsNormalizedUrlAndDate() {
		this.search.ingest(SampleItems.text());
		List<JsonNode> records = SampleItems.records();
		JsonNode all = this.search.search("limit=100");
		Map<String, JsonNode> stored = new HashMap<>();
		all.path("items")
			.forEach(item -> stored.put(item.path("title").asString() + " " + item.path("url").asString(), item));

		List<String> expected = new ArrayList<>();
		for (int index : SampleItems.accepted()) {
			JsonNode record = records.get(index);
			expected.add(record.path("title").asString() + " " + SampleItems.url(record, index));
		}
		assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		for (int index : SampleItems.accepted()) {
			JsonNode record = records.get(index);
			String raw = record.path("date").asString();
			assertThat(storedAs(stored, records, index).path("date").asString()).as("record %d dated %s", index, raw)
				.isEqualTo(SampleItems.date(raw));
		}

		// One record of each format, spelled out.
		Map<Integer, String> dates = Map.of(0, "2014-03-08T15:00:00", 19, "1973-08-11T01:00:00", 2,
				"1991-03-11T01:39:21", 77, "1978-02-16T00:33:14", 1, "1985-03-30T00:00:00", 8, "2018-09-02T00:00:00",
				36, "2007-01-04T00:00:00", 3, "1980-10-06T00:00:00", 7, "2001-09-16T00:00:00", 54,
				"1989-10-29T00:00:00");
		dates.forEach((index, date) -> assertThat(storedAs(stored, records, index).path("date").asString())
			.as("record %d dated %s", index, records.get(index).path("date").asString())
			.isEqualTo(date));
		JsonNode protocolRelative = storedAs(stored, records, SampleItems.PROTOCOL_RELATIVE);
		assertThat(protocolRelative.path("url").asString()).isEqualTo("https://www.barbosa.br/privacy.html");
		assertThat(protocolRelative.path("title").asString()).isEqualTo("Le confort d'évoluer à sa source");
		assertThat(this.search.ok("/v1/" + protocolRelative.path("id").asLong())).isEqualTo(protocolRelative);
	}

	@Test
	void reingestingTheSampleFileStoresNothingAndCountsEveryAcceptedRecordAsADuplicate() {
		this.search.ingest(SampleItems.text());
		List<String> stored = this.search.storedTitles();

		JsonNode again = this.search.ingest(SampleItems.text());

		assertThat(again.path("inserted").asInt()).isZero();
		assertThat(again.path("duplicates").asInt()).isEqualTo(95);
		assertThat(rejections(again.path("rejected"))).containsExactly("5:uri", "46:title", "75:title", "91:date",
				"97:uri");
		assertThat(this.search.storedTitles()).hasSize(95).isEqualTo(stored);
		assertThat(this.search.search("").path("total").asLong()).isEqualTo(95);
	}

	// Records: normalization, rejections, duplicates

	@Test
	void storesEachRecordNormalized() {
		JsonNode result = this.search.ingest(items(item("  Tabs\tand \n  newlines\u00A0 ", "HTTP://Example.com/A", DAY),
				item("Protocol relative", "//cdn.example/p?q=1", DAY),
				item(" Padded ", "  https://x.example/padded  ", "  2014-03-08  "),
				item("Hour only", OK_URL, "2014-03-08T15"), item("Midnight", OK_URL, "2014-03-08"),
				item("Seconds", OK_URL, "1991-03-11T01:39:21"), item("Offset", OK_URL, "2014-03-08T15:30:00+02:00"),
				item("West of UTC", OK_URL, "2014-03-08T15:30:00-05:00"), item("Zulu", OK_URL, "2014-03-08T15:30:00Z"),
				item("Zone", OK_URL, "2014-07-08T15:30:00+02:00[Europe/Paris]"),
				item("Across midnight", OK_URL, "2000-01-01T01:00:00+02:00"),
				item("Fraction", OK_URL, "2014-03-08T15:30:00.250"),
				item("Zero fraction", OK_URL, "2014-03-08T15:30:00.000"),
				item("Microseconds", OK_URL, "2014-03-08T15:30:00.123456"),
				item("Named month", OK_URL, "March 30 1985"), item("Day first", OK_URL, "06 Oct 1980")));
		assertThat(result.path("inserted").asInt()).isEqualTo(16);
		assertThat(result.path("duplicates").asInt()).isZero();
		assertThat(result.path("rejected").isEmpty()).isTrue();

		Map<String, JsonNode> stored = byTitle(this.search.search("limit=100"));
		assertThat(stored).hasSize(16);
		assertThat(stored.get("Tabs and newlines").path("url").asString()).isEqualTo("http://Example.com/A");
		assertThat(stored.get("Tabs and newlines").path("date").asString()).isEqualTo("2020-01-01T00:00:00");
		assertThat(stored.get("Protocol relative").path("url").asString()).isEqualTo("https://cdn.example/p?q=1");
		assertThat(stored.get("Padded").path("url").asString()).isEqualTo("https://x.example/padded");
		assertThat(stored.get("Padded").path("date").asString()).isEqualTo("2014-03-08T00:00:00");
		Map<String, String> dates = Map.of("Hour only", "2014-03-08T15:00:00", "Midnight", "2014-03-08T00:00:00",
				"Seconds", "1991-03-11T01:39:21", "Offset", "2014-03-08T13:30:00", "West of UTC", "2014-03-08T20:30:00",
				"Zulu", "2014-03-08T15:30:00", "Zone", "2014-07-08T13:30:00", "Across midnight", "1999-12-31T23:00:00",
				"Named month", "1985-03-30T00:00:00", "Day first", "1980-10-06T00:00:00");
		dates.forEach((title, date) -> assertThat(stored.get(title).path("date").asString()).as(title).isEqualTo(date));
		assertThat(stored.get("Fraction").path("date").asString()).isEqualTo("2014-03-08T15:30:00.25");
		assertThat(stored.get("Zero fraction").path("date").asString()).isEqualTo("2014-03-08T15:30:00");
		assertThat(stored.get("Microseconds").path("date").asString()).isEqualTo("2014-03-08T15:30:00.123456");
	}

	@Test
	void rejectsEveryKindOfBadRecordNamingTheFirstFieldAtFault() {
		String longestUrl = "http://x.example/" + "a".repeat(RecordRules.MAX_URL - 17);
		List<@Nullable Object> records = Arrays.asList(
				// 0 to 6: the title
				item(null, OK_URL, DAY), fields("uri", OK_URL, "date", DAY), item("", OK_URL, DAY),
				item(" \t\n ", OK_URL, DAY), item(42, OK_URL, DAY), item("t".repeat(501), OK_URL, DAY),
				item(EMOJI.repeat(501), OK_URL, DAY),
				// 7 to 17: the URL
				item("Null uri", null, DAY), fields("title", "No uri", "date", DAY), item("Empty uri", "", DAY),
				item("File uri", "file:///etc/passwd", DAY), item("Mailto uri", "mailto:someone@example.com", DAY),
				item("Ftp uri", "ftp://files.example/x", DAY), item("Relative uri", "/main/posts/author/", DAY),
				item("No scheme", "example.com/page", DAY), item("No host", "http:///path", DAY),
				item("Long uri", longestUrl + "a", DAY), item("Number uri", 7, DAY),
				// 18 to 26: the date
				item("Null date", OK_URL, null), fields("title", "No date", "uri", OK_URL),
				item("Empty date", OK_URL, ""), item("No year", OK_URL, "May 23"),
				item("Impossible date", OK_URL, "February 30 2001"), item("Not a leap year", OK_URL, "2001-02-29"),
				item("Garbage date", OK_URL, "soon"), item("Month 13", OK_URL, "2014-13-01"),
				item("Number date", OK_URL, 20140308),
				// 27, 28: more than one field at fault
				item(null, "file:///x", "May 23"), item("Bad uri and date", "mailto:x@y.example", "May 23"),
				// 29 to 32: no record at all
				1, "just text", null, List.of(),
				// 33 to 36: accepted, at the limits
				item("t".repeat(500), OK_URL, DAY), item(EMOJI.repeat(500), OK_URL, DAY),
				item("Longest uri", longestUrl, DAY),
				fields("title", "Extra fields", "uri", OK_URL, "date", DAY, "author", "Someone", "views", 12));

		JsonNode result = this.search.ingest(items(records));

		List<String> expected = new ArrayList<>();
		for (int i = 0; i <= 32; i++) {
			String field = (i <= 6 || i == 27) ? "title" : (i <= 17 || i == 28) ? "uri" : (i <= 26) ? "date" : "item";
			expected.add(i + ":" + field);
		}
		assertThat(rejections(result.path("rejected"))).containsExactlyElementsOf(expected);
		assertThat(result.path("inserted").asInt()).isEqualTo(4);
		assertThat(result.path("duplicates").asInt()).isZero();
		assertThat(this.search.storedTitles()).containsExactlyInAnyOrder("t".repeat(500), EMOJI.repeat(500),
				"Longest uri", "Extra fields");
		JsonNode longest = this.search.ok("/v1/" + this.search.idOf("Longest uri"));
		assertThat(longest.path("url").asString()).hasSize(2048).isEqualTo(longestUrl);
		assertThat(this.search.ok("/v1/" + this.search.idOf(EMOJI.repeat(500))).path("title").asString())
			.isEqualTo(EMOJI.repeat(500));
	}

	@Test
	void aRecordIsStoredOnceHoweverOftenAndHoweverSpelledItComes() {
		JsonNode first = this.search.ingest(items(item("Same item", "https://same.example/a", "2014-03-08"),
				item("  Same \t item ", "HTTPS://same.example/a", "2014-03-08T00"),
				item("Same item", " https://same.example/a ", "March 8 2014"),
				item("Same item", "https://same.example/a", "08 Mar 2014"),
				item("Same item", "https://same.example/a", "2014-03-08T01:00:00+01:00"),
				item("Same item", "//same.example/a", "2014-03-08T00:00:00Z"),
				// Each of these differs in one part.
				item("Same item, other", "https://same.example/a", "2014-03-08"),
				item("Same item", "https://same.example/b", "2014-03-08"),
				item("Same item", "http://same.example/a", "2014-03-08"),
				item("Same item", "https://same.example/a", "2014-03-08T00:00:01")));
		assertThat(first.path("inserted").asInt()).isEqualTo(5);
		assertThat(first.path("duplicates").asInt()).isEqualTo(5);
		assertThat(first.path("rejected").isEmpty()).isTrue();
		assertThat(this.search.stored()).isEqualTo(5);

		// Already stored, repeated within the request, new, and rejected, all at once.
		JsonNode second = this.search.ingest(items(item("Same item", "https://same.example/a", "2014-03-08"),
				item("New item", "https://same.example/a", "2014-03-08"),
				item("New item", "https://same.example/a", "2014-03-08T00:00:00"),
				item("Rejected", "https://same.example/a", "May 23")));
		assertThat(second.path("inserted").asInt()).isEqualTo(1);
		assertThat(second.path("duplicates").asInt()).isEqualTo(2);
		assertThat(rejections(second.path("rejected"))).containsExactly("3:date");
		assertThat(this.search.stored()).isEqualTo(6);
		assertThat(this.search.titles("contains=same+item")).hasSize(5);
	}

	// Atomic requests, bad bodies and parameters, limits

	@Test
	void anAtomicRequestWithARejectedRecordIsRefusedWith422AndStoresNothing() {
		Map<String, Object> body = items(item("First", OK_URL, "2020-01-01"), item("Bad date", OK_URL, "May 23"),
				item("Third", OK_URL, "2020-01-03"), item(null, OK_URL, "2020-01-04"));

		JsonNode refused = problem(this.search.bulk("atomic=true", body), 422, "items");
		assertThat(rejections(refused.path("rejected"))).containsExactly("1:date", "3:title");
		assertThat(this.search.stored()).isZero();
		assertThat(this.search.search("").path("total").asLong()).isZero();

		JsonNode partial = this.search.ingest("atomic=false", body);
		assertThat(partial.path("inserted").asInt()).isEqualTo(2);
		assertThat(rejections(partial.path("rejected"))).containsExactly("1:date", "3:title");
		assertThat(this.search.storedTitles()).containsExactly("First", "Third");

		// All good, one of them stored already: an atomic request goes through.
		JsonNode whole = this.search.ingest("atomic=true",
				items(item("First", OK_URL, "2020-01-01"), item("Fourth", OK_URL, "2020-01-04")));
		assertThat(whole.path("inserted").asInt()).isEqualTo(1);
		assertThat(whole.path("duplicates").asInt()).isEqualTo(1);
		assertThat(whole.path("rejected").isEmpty()).isTrue();
		assertThat(this.search.storedTitles()).containsExactly("First", "Fourth", "Third");
	}

	@Test
	void bulkTakesOnlyAnAtomicParameterOfTrueOrFalse() {
		Map<String, Object> body = items(item("Valid", OK_URL, DAY));
		for (String atomic : List.of("yes", "1", "TRUE", "", "true,false")) {
			problem(this.search.bulk("atomic=" + atomic, body), 400, "atomic");
		}
		problem(this.search.bulk("dry_run=true", body), 400, "dry_run");
		problem(this.search.bulk("atomic=true&mode=fast", body), 400, "mode");
		assertThat(this.search.stored()).isZero();
		assertThat(this.search.ingest("atomic=false", body).path("inserted").asInt()).isEqualTo(1);
	}

	@Test
	void aBodyThatIsNoBulkRequestIsBadRequestNamingTheFieldAndStoresNothing() {
		String valid = "{\"title\": \"Valid\", \"uri\": \"https://ok.example/\", \"date\": \"2020-01-01\"}";
		Map<String, String> bodies = Map.ofEntries(Map.entry("{\"items\": [" + valid + "], \"extra\": 1}", "extra"),
				Map.entry("{\"source\": \"web\", \"items\": [" + valid + "]}", "source"),
				Map.entry("{\"itemz\": [" + valid + "]}", "itemz"), Map.entry("{}", "items"),
				Map.entry("{\"items\": {}}", "items"),
				Map.entry("{\"items\": \"" + valid.replace('"', '\'') + "\"}", "items"),
				Map.entry("{\"items\": null}", "items"), Map.entry("[" + valid + "]", "items"),
				Map.entry("{\"items\": [" + valid + "]", "items"), Map.entry("{\"items\": [" + valid + ",]}", "items"),
				Map.entry("{\"items\": [" + valid + "]} []", "items"),
				Map.entry("{\"items\": [], \"items\": [" + valid + "]}", "items"),
				Map.entry("{\"items\": [" + valid + " " + valid + "]}", "items"), Map.entry("", "items"),
				Map.entry("not json", "items"));
		bodies.forEach((body, field) -> problem(this.search.bulk(body), 400, field));
		assertThat(this.search.stored()).isZero();
		assertThat(this.search.ingest("{\"items\": [" + valid + "]}").path("inserted").asInt()).isEqualTo(1);
	}

	@Test
	void aRequestOfMoreRecordsThanAllowedIsRefusedWholeWith413() {
		List<Object> records = new ArrayList<>();
		for (int i = 0; i <= MAX_ITEMS; i++) {
			records.add(item("Record %03d".formatted(i), OK_URL, DAY));
		}
		problem(this.search.bulk(items(records)), 413, "items");
		problem(this.search.bulk("atomic=true", items(records)), 413, "items");
		// Records count whatever they hold.
		problem(this.search.bulk(items(records.stream().map(r -> (Object) Map.of()).toList())), 413, "items");
		assertThat(this.search.stored()).isZero();

		JsonNode exactly = this.search.ingest(items(records.subList(0, MAX_ITEMS)));
		assertThat(exactly.path("inserted").asInt()).isEqualTo(MAX_ITEMS);
		assertThat(this.search.stored()).isEqualTo(MAX_ITEMS);
		assertThat(this.search.titles("contains=record+120")).isEmpty();
	}

	@Test
	void aBodyLargerThanAllowedIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() {
		int limit = MAX_BODY_KB * 1024;
		JsonNode fits = this.search.bulkSized(padded("Fits", limit)).json();
		assertThat(fits.path("inserted").asInt()).as(fits.toString()).isEqualTo(1);
		JsonNode fitsChunked = this.search.bulkChunked(padded("Fits chunked", limit)).json();
		assertThat(fitsChunked.path("inserted").asInt()).as(fitsChunked.toString()).isEqualTo(1);

		for (Reply tooLarge : List.of(this.search.bulkSized(padded("Too large", limit + 1)),
				this.search.bulkChunked(padded("Too large chunked", limit + 1)))) {
			assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
			assertThat(tooLarge.contentType()).startsWith("application/problem+json");
		}
		assertThat(this.search.storedTitles()).containsExactly("Fits", "Fits chunked");
	}

	// Reading an item

	@Test
	void readsAnItemByIdAndAnswers404ForNoneAnd400ForNoNumber() {
		this.search.ingest(items(item(" An  item ", "HTTP://Example.com/Path?q=1", "2014-03-08T15:30:00+02:00")));
		long id = this.search.idOf("An item");

		JsonNode read = this.search.ok("/v1/" + id);
		assertThat(read.propertyNames()).containsExactly("id", "title", "url", "date");
		assertThat(read.path("id").asLong()).isEqualTo(id);
		assertThat(read.path("title").asString()).isEqualTo("An item");
		assertThat(read.path("url").asString()).isEqualTo("http://Example.com/Path?q=1");
		assertThat(read.path("date").asString()).isEqualTo("2014-03-08T13:30:00");
		assertThat(this.search.search("").path("items").get(0)).isEqualTo(read);

		for (long absent : List.of(id + 1000, 0L, -1L)) {
			problem(this.search.get("/v1/" + absent), 404, "id");
		}
		for (String notANumber : List.of("abc", "1.5", "1x", "99999999999999999999")) {
			problem(this.search.get("/v1/" + notANumber), 400, "id");
		}
	}

	// Searching

	@Test
	void titleSearchIgnoresCaseAndAccentsOnBothSides() {
		this.search.ingest(SampleItems.text());
		List<JsonNode> records = SampleItems.records();

		List<String> confort = newestFirst(records, 14, 31, 37, 48, 54, 68, 70, 77, 96, 98);
		for (String term : List.of("confort", "CONFORT", "Confort", "cönfórt")) {
			assertThat(this.search.titles("contains=" + encoded(term))).as(term).containsExactlyElementsOf(confort);
			assertThat(this.search.titles("title=" + encoded(term))).as(term).containsExactlyElementsOf(confort);
		}
		List<String> evolu = newestFirst(records, 18, 32, 33, 39, 54, 78, 89);
		for (String term : List.of("evolu", "évolu", "ÉVOLU", "EVOLU", "e\u0301volu")) {
			assertThat(this.search.titles("contains=" + encoded(term))).as(term).containsExactlyElementsOf(evolu);
		}
		// Folding takes the accents off, not the letters: évoluer is no evoluir.
		assertThat(this.search.titles("contains=" + encoded("Évoluer")))
			.containsExactlyElementsOf(newestFirst(records, 39, 54, 78, 89));
		assertThat(this.search.titles("contains=" + encoded("tranquilite")))
			.containsExactlyElementsOf(newestFirst(records, 31, 50, 66, 70, 80));
		assertThat(this.search.titles("contains=" + encoded("PREOCUPACAO")))
			.containsExactlyElementsOf(newestFirst(records, 13, 77, 95));
		assertThat(this.search.titles("contains=" + encoded("forca")))
			.containsExactlyElementsOf(newestFirst(records, 33, 56, 62, 82));
		assertThat(this.search.titles("contains=" + encoded("Le confort de louer sans soucis")))
			.containsExactly("Le confort de louer sans soucis");
		assertThat(this.search.titles("contains=" + encoded("le CONFORT de louer")))
			.containsExactlyElementsOf(newestFirst(records, 31, 68));
	}

	@Test
	void urlSearchIgnoresCaseAndCombinesWithTheOtherFilters() {
		this.search.ingest(SampleItems.text());
		List<JsonNode> records = SampleItems.records();

		for (String term : List.of("jesus", "JESUS", "Jesus")) {
			assertThat(this.search.titles("uri=" + term)).as(term)
				.containsExactlyElementsOf(newestFirst(records, 31, 32, 34));
		}
		assertThat(this.search.titles("url=JESUS.BR")).containsExactlyElementsOf(newestFirst(records, 32, 34));
		assertThat(this.search.titles("uri=" + encoded("HTTPS://WWW.BARBOSA.br/privacy")))
			.containsExactlyElementsOf(newestFirst(records, 54));
		assertThat(this.search.titles("uri=" + encoded(".fr/") + "&contains=confort"))
			.containsExactlyElementsOf(newestFirst(records, 77));
		assertThat(this.search.titles("url=" + encoded(".fr/") + "&after=2000-01-01"))
			.containsExactlyElementsOf(newestFirst(records, 9, 36, 52));
	}

	@Test
	void requestsStoringTheSameItemsAtOnceStoreEachOnce() {
		for (int round = 0; round < 6; round++) {
			List<Object> records = new ArrayList<>();
			for (int i = 0; i < 120; i++) {
				records.add(item("Round " + round + " item " + i, OK_URL, "2020-01-01"));
			}
			List<Object> reversed = new ArrayList<>(records.reversed());
			// Opposite orders: on PostgreSQL each request may wait for a row the other
			// holds.
			CompletableFuture<JsonNode> forward = CompletableFuture
				.supplyAsync(() -> this.search.ingest(items(records)));
			CompletableFuture<JsonNode> backward = CompletableFuture
				.supplyAsync(() -> this.search.ingest(items(reversed)));
			JsonNode one = forward.join();
			JsonNode other = backward.join();
			assertThat(one.path("inserted").asInt() + other.path("inserted").asInt()).isEqualTo(120);
			assertThat(one.path("duplicates").asInt() + other.path("duplicates").asInt()).isEqualTo(120);
		}
		assertThat(this.search.ok("/v1/?limit=1").path("total").asLong()).isEqualTo(720);
	}

	@Test
	void boundsFinerThanAMicrosecondRoundInwardAndSigmaMatchesInEitherForm() {
		this.search.ingest(items(item("At the second", OK_URL, "2014-03-08T15:30:00"),
				item("ΟΔΟΣ ΚΑΙ Αστυνομίας", OK_URL, "2014-03-07")));

		assertThat(this.search.titles("after=2014-03-08T15:30:00.0000005")).isEmpty();
		assertThat(this.search.titles("after=2014-03-08T15:30:00")).containsExactly("At the second");
		assertThat(this.search.titles("before=2014-03-08T15:29:59.9999995")).containsExactly("ΟΔΟΣ ΚΑΙ Αστυνομίας");
		problem(this.search.get("/v1/?after=2014-03-08T15:30:00.0000002&before=2014-03-08T15:30:00.0000001"), 400,
				"after");
		for (String term : List.of("ΑΣ", "δοσ", "οδος", "ΑΣΤΥΝΟΜΙΑΣ", "αστυνομιας", "ος και")) {
			assertThat(this.search.titles("contains=" + encoded(term))).as(term).containsExactly("ΟΔΟΣ ΚΑΙ Αστυνομίας");
		}
		// A term of many pieces is looked up by a few of them; the answer is the same.
		assertThat(this.search.titles("contains=" + encoded("a b ".repeat(200) + "second"))).isEmpty();
		assertThat(this.search.titles("contains=" + encoded("t the sec"))).containsExactly("At the second");
	}

	@Test
	void aTermMatchesAcrossWordsAndInsideThem() {
		String longWord = "x".repeat(TitleWords.MAX_WORD) + "needle" + "y".repeat(50);
		this.search.ingest(items(item("Le confort de louer sans soucis", OK_URL, "2020-01-04"),
				item("L'art d'évoluer, autrement", OK_URL, "2020-01-03"),
				item("Confortable louer", OK_URL, "2020-01-02"),
				item("A " + longWord + " title", OK_URL, "2020-01-01")));

		for (String term : List.of("fort de lou", "confort de louer sans soucis", "E CONFORT", "t de l", "art d'év",
				"'evoluer, aut", "ortable lo", " sans", "sans ")) {
			assertThat(this.search.titles("contains=" + encoded(term))).as(term).isNotEmpty();
		}
		assertThat(this.search.titles("contains=" + encoded("confort d")))
			.containsExactly("Le confort de louer sans soucis");
		assertThat(this.search.titles("contains=" + encoded("louer")))
			.containsExactly("Le confort de louer sans soucis", "Confortable louer");
		for (String term : List.of("fort lou", "de louer sans soucis ici", "evoluer aut", "confortx")) {
			assertThat(this.search.titles("contains=" + encoded(term))).as(term).isEmpty();
		}
		// A word too long for the word index is still found by its middle.
		assertThat(this.search.titles("contains=needle")).containsExactly("A " + longWord + " title");
		assertThat(this.search.titles("contains=" + encoded("xneedley y"))).isEmpty();
		assertThat(this.search.titles("contains=" + encoded("xneedley"))).hasSize(1);
		assertThat(this.search.titles("contains=" + encoded("yyy title"))).hasSize(1);
	}

	@Test
	void percentUnderscoreAndBackslashInATermAreLiteral() {
		this.search.ingest(items(item("Save 100% now", "http://shop.example/a%20b", "2020-01-06"),
				item("Save 1000 now", "http://shop.example/a120b", "2020-01-05"),
				item("snake_case names", "http://code.example/snake_case", "2020-01-04"),
				item("snakeXcase names", "http://code.example/snakeXcase", "2020-01-03"),
				item("back\\slash", "http://code.example/back", "2020-01-02"),
				item("backslash", "http://code.example/backs", "2020-01-01")));

		assertThat(this.search.titles("contains=" + encoded("%"))).containsExactly("Save 100% now");
		assertThat(this.search.titles("contains=" + encoded("0%"))).containsExactly("Save 100% now");
		assertThat(this.search.titles("contains=" + encoded("_"))).containsExactly("snake_case names");
		assertThat(this.search.titles("contains=" + encoded("e_c"))).containsExactly("snake_case names");
		assertThat(this.search.titles("title=" + encoded("E_C"))).containsExactly("snake_case names");
		assertThat(this.search.titles("contains=" + encoded("\\"))).containsExactly("back\\slash");
		assertThat(this.search.titles("contains=" + encoded("k\\s"))).containsExactly("back\\slash");
		assertThat(this.search.titles("contains=" + encoded("%_"))).isEmpty();
		assertThat(this.search.titles("uri=" + encoded("%"))).containsExactly("Save 100% now");
		assertThat(this.search.titles("uri=" + encoded("%2"))).containsExactly("Save 100% now");
		assertThat(this.search.titles("url=" + encoded("e_c"))).containsExactly("snake_case names");
		assertThat(this.search.titles("uri=" + encoded("_"))).containsExactly("snake_case names");
	}

	@Test
	void dateBoundsAreInclusiveAndABeforeDateCoversItsWholeDay() {
		this.search.ingest(items(item("Eve", OK_URL, "2019-12-31T23:59:59"), item("Midnight", OK_URL, "2020-01-01"),
				item("Noon", OK_URL, "2020-01-01T12:00:00"), item("Last second", OK_URL, "2020-01-01T23:59:59"),
				item("Last microsecond", OK_URL, "2020-01-01T23:59:59.999999"),
				item("Next day", OK_URL, "2020-01-02")));
		assertThat(this.search.titles("")).containsExactly("Next day", "Last microsecond", "Last second", "Noon",
				"Midnight", "Eve");

		assertThat(this.search.titles("after=2020-01-01")).containsExactly("Next day", "Last microsecond",
				"Last second", "Noon", "Midnight");
		assertThat(this.search.titles("before=2020-01-01")).containsExactly("Last microsecond", "Last second", "Noon",
				"Midnight", "Eve");
		assertThat(this.search.titles("after=2020-01-01&before=2020-01-01")).containsExactly("Last microsecond",
				"Last second", "Noon", "Midnight");
		assertThat(this.search.titles("before=2019-12-31")).containsExactly("Eve");
		assertThat(this.search.titles("after=2020-01-02")).containsExactly("Next day");
		assertThat(this.search.titles("after=2020-01-03")).isEmpty();
		assertThat(this.search.titles("before=2019-12-30")).isEmpty();

		assertThat(this.search.titles("after=2020-01-01T12:00:00")).containsExactly("Next day", "Last microsecond",
				"Last second", "Noon");
		assertThat(this.search.titles("before=2020-01-01T12:00:00")).containsExactly("Noon", "Midnight", "Eve");
		assertThat(this.search.titles("after=2020-01-01T12:00:00&before=2020-01-01T12:00:00")).containsExactly("Noon");
		assertThat(this.search.titles("after=2020-01-01T23:59:59&before=2020-01-01T23:59:59"))
			.containsExactly("Last second");
		assertThat(this.search.titles("before=2020-01-01T23:59:59.999999")).containsExactly("Last microsecond",
				"Last second", "Noon", "Midnight", "Eve");
		assertThat(this.search.titles("after=2019-12-31T23:59:59.000001&before=2020-01-01T00:00:00"))
			.containsExactly("Midnight");
		// An offset is converted to UTC, as the items' dates are.
		assertThat(this.search.titles("after=" + encoded("2020-01-01T14:00:00+02:00"))).containsExactly("Next day",
				"Last microsecond", "Last second", "Noon");
		assertThat(this.search.titles("before=" + encoded("2020-01-01T12:00:00Z"))).containsExactly("Noon", "Midnight",
				"Eve");
		assertThat(this.search.titles("before=" + encoded("2020-01-01T06:59:59-05:00"))).containsExactly("Midnight",
				"Eve");
	}

	@Test
	void crossedOrMalformedDateBoundsAreBadRequest() {
		this.search.ingest(items(item("Item", OK_URL, DAY)));
		problem(this.search.get("/v1/?after=2020-01-02&before=2020-01-01"), 400, "after");
		problem(this.search.get("/v1/?after=2020-01-01T12:00:01&before=2020-01-01T12:00:00"), 400, "after");
		for (String malformed : List.of("2020-13-01", "2020-02-30", "yesterday", "20200101", "2020/01/01", "01/02/2020",
				"2020-01-01T25:00:00", "March 30 1985", "2020-1-1")) {
			problem(this.search.get("/v1/?after=" + encoded(malformed)), 400, "after");
			problem(this.search.get("/v1/?before=" + encoded(malformed)), 400, "before");
		}
	}

	@Test
	void farOffButWellFormedDateBoundsAreNoServerError() {
		this.search.ingest(items(item("Item", OK_URL, DAY)));
		assertThat(this.search.titles("after=0001-01-01&before=9999-12-31")).containsExactly("Item");
		// Beyond the years an item can have (1 to 9999), a bound matches all or nothing:
		// the service may answer so or refuse it naming the bound, but never fail.
		SoftAssertions.assertSoftly(softly -> {
			for (String bound : List.of("-5000-01-01T00:00:00", "0000-01-01", "+10000-01-01T00:00:00",
					"+999999999-12-31T23:59:59.999999999", "-999999999-01-01T00:00:00",
					"+999999999-12-31T23:00:00-02:00", "-999999999-01-01T00:00:00+02:00")) {
				for (String name : List.of("after", "before")) {
					Reply reply = this.search.get("/v1/?" + name + "=" + encoded(bound));
					softly.assertThat(reply.status()).as("%s=%s: %s", name, bound, reply.body()).isIn(200, 400);
					if (reply.status() == 400) {
						softly.assertThat(reply.json().path("field").asString())
							.as("%s=%s", name, bound)
							.isEqualTo(name);
					}
				}
			}
		});
	}

	@Test
	void listsNewestFirstAndItemsOfOneDateByIdDescending() {
		// Ingested in another order than the dates', the ties one request each; the same
		// instant written three ways.
		this.search.ingest(items(item("Tie one", OK_URL, "2010-10-10T10:10:10")));
		this.search.ingest(items(item("Oldest", OK_URL, "2001-01-01"), item("Newest", OK_URL, "2020-02-02")));
		this.search.ingest(items(item("Tie two", OK_URL, "2010-10-10T12:10:10+02:00")));
		this.search.ingest(items(item("Tie three", OK_URL, "2010-10-10T10:10:10Z")));

		JsonNode all = this.search.search("");
		assertThat(texts(all.path("items"), "title")).containsExactly("Newest", "Tie three", "Tie two", "Tie one",
				"Oldest");
		assertThat(ids(all.path("items")).subList(1, 4)).isSortedAccordingTo(Comparator.reverseOrder())
			.doesNotHaveDuplicates();
		assertThat(texts(this.search.search("limit=2&offset=1").path("items"), "title")).containsExactly("Tie three",
				"Tie two");
		assertThat(texts(this.search.search("limit=2&offset=3").path("items"), "title")).containsExactly("Tie one",
				"Oldest");
	}

	@Test
	void aPageCarriesItsItemsLimitOffsetTotalAndTheNextCursor() {
		this.search.ingest(SampleItems.text());
		JsonNode all = this.search.search("limit=100");
		List<Long> ids = ids(all.path("items"));
		assertThat(ids).hasSize(95).doesNotHaveDuplicates();
		List<String> dates = texts(all.path("items"), "date");
		assertThat(dates).isSortedAccordingTo(Comparator.reverseOrder());
		assertThat(all.path("next").isNull()).isTrue();

		JsonNode first = this.search.search("");
		assertThat(first.propertyNames()).containsExactly("items", "limit", "offset", "total", "next");
		assertThat(first.path("items").get(0).propertyNames()).containsExactly("id", "title", "url", "date");
		assertThat(ids(first.path("items"))).containsExactlyElementsOf(ids.subList(0, 20));
		assertThat(first.path("limit").asInt()).isEqualTo(20);
		assertThat(first.path("offset").asInt()).isZero();
		assertThat(first.path("total").asLong()).isEqualTo(95);
		assertThat(first.path("next").asString()).isNotBlank();
		assertThat(this.search.ok("/v1")).isEqualTo(first);

		JsonNode middle = this.search.search("limit=10&offset=40");
		assertThat(ids(middle.path("items"))).containsExactlyElementsOf(ids.subList(40, 50));
		assertThat(middle.path("offset").asInt()).isEqualTo(40);
		assertThat(middle.path("limit").asInt()).isEqualTo(10);
		JsonNode last = this.search.search("offset=90");
		assertThat(ids(last.path("items"))).containsExactlyElementsOf(ids.subList(90, 95));
		assertThat(last.path("next").isNull()).isTrue();
		// A page that ends exactly where the list does has no next page either.
		assertThat(this.search.search("limit=5&offset=90").path("next").isNull()).isTrue();
		JsonNode beyond = this.search.search("offset=95");
		assertThat(beyond.path("items").isEmpty()).isTrue();
		assertThat(beyond.path("total").asLong()).isEqualTo(95);
		assertThat(beyond.path("next").isNull()).isTrue();
	}

	@Test
	void noMatchIsAnEmptyPage() {
		JsonNode empty = this.search.search("");
		assertThat(empty.path("items").isEmpty()).isTrue();
		assertThat(empty.path("total").asLong()).isZero();
		assertThat(empty.path("next").isNull()).isTrue();

		this.search.ingest(SampleItems.text());
		for (String query : List.of("contains=zzzz", "uri=gopher", "after=2021-01-01", "before=1969-12-31",
				"contains=confort&uri=jesus.br")) {
			JsonNode none = this.search.search(query);
			assertThat(none.path("items").isEmpty()).as(query).isTrue();
			assertThat(none.path("total").asLong()).as(query).isZero();
			assertThat(none.path("next").isNull()).as(query).isTrue();
		}
	}

	@Test
	void limitIsOneTo100AndOffsetAtMost10000() {
		this.search.ingest(items(item("Only", OK_URL, DAY), item("Other", OK_URL, DAY)));
		for (String limit : List.of("0", "101", "-1", "abc", "1.5", "", "%2B5")) {
			problem(this.search.get("/v1/?limit=" + limit), 400, "limit");
		}
		for (String offset : List.of("-1", "10001", "x", "99999999999999999999")) {
			problem(this.search.get("/v1/?offset=" + offset), 400, "offset");
		}
		JsonNode one = this.search.search("limit=1");
		assertThat(one.path("items").size()).isEqualTo(1);
		assertThat(one.path("next").asString()).isNotBlank();
		assertThat(this.search.search("limit=100").path("limit").asInt()).isEqualTo(100);
		JsonNode deepest = this.search.search("offset=10000");
		assertThat(deepest.path("offset").asInt()).isEqualTo(10_000);
		assertThat(deepest.path("items").isEmpty()).isTrue();
		assertThat(deepest.path("total").asLong()).isEqualTo(2);
	}

	@Test
	void unknownOrDoubleNamedParametersAreBadRequest() {
		for (String name : List.of("q", "sort", "page", "Contains", "date")) {
			problem(this.search.get("/v1/?" + name + "=x"), 400, name);
		}
		problem(this.search.get("/v1/?contains=a&title=a"), 400, "title");
		problem(this.search.get("/v1/?uri=a&url=a"), 400, "url");
	}

	@Test
	void cursorsWalkEveryItemOnceInTheOrderOfOnePage() {
		this.search.ingest(SampleItems.text());
		List<Long> all = ids(this.search.search("limit=100").path("items"));
		assertThat(all).hasSize(95);
		for (int limit : List.of(7, 5, 20, 95, 100)) {
			assertThat(idsOf(this.search.walk("", limit, 95))).as("pages of %d", limit).isEqualTo(all);
		}
		for (String query : List.of("contains=de&after=1980-01-01", "uri=.br&before=2005-06-30", "contains=a")) {
			JsonNode page = this.search.search(query + "&limit=100");
			List<Long> matches = ids(page.path("items"));
			assertThat(matches).as(query).hasSizeGreaterThan(8);
			assertThat(idsOf(this.search.walk(query, 4, matches.size()))).as(query).isEqualTo(matches);
		}
	}

	@Test
	void aCursorServesOnlyTheQueryItCameFrom() {
		this.search.ingest(SampleItems.text());
		List<Long> matches = ids(this.search.search("contains=a&limit=100").path("items"));
		String next = encoded(this.search.search("contains=a&limit=5").path("next").asString());

		// Another page size is still the same query.
		assertThat(ids(this.search.search("contains=a&limit=10&cursor=" + next).path("items")))
			.containsExactlyElementsOf(matches.subList(5, 15));
		problem(this.search.get("/v1/?contains=b&limit=5&cursor=" + next), 400, "cursor");
		problem(this.search.get("/v1/?limit=5&cursor=" + next), 400, "cursor");
		problem(this.search.get("/v1/?title=a&after=1970-01-01&cursor=" + next), 400, "cursor");
		problem(this.search.get("/v1/?contains=a&limit=5&offset=5&cursor=" + next), 400, "offset");
		problem(this.search.get("/v1/?cursor=" + encoded("not a cursor!")), 400, "cursor");
	}

	// The cache

	@Test
	void aSearchAfterAnIngestSeesWhatItStored() {
		this.search.ingest(items(item("Cached first", OK_URL, "2020-01-01")));
		List<String> queries = List.of("", "contains=cached", "contains=fresh", "after=2019-01-01", "uri=ok.example",
				"before=2020-12-31");
		for (String query : queries) {
			this.search.titles(query);
		}
		// Behind the service's back: the cached answers still show the item, which shows
		// that they are cached.
		this.jdbc.sql("DELETE FROM search_items WHERE title = 'Cached first'").update();
		assertThat(this.search.titles("contains=cached")).containsExactly("Cached first");

		JsonNode stored = this.search.ingest(items(item("Fresh item", OK_URL, "2020-01-02")));
		assertThat(stored.path("inserted").asInt()).isEqualTo(1);

		assertThat(this.search.titles("")).containsExactly("Fresh item");
		assertThat(this.search.titles("contains=cached")).isEmpty();
		assertThat(this.search.titles("contains=fresh")).containsExactly("Fresh item");
		assertThat(this.search.titles("after=2019-01-01")).containsExactly("Fresh item");
		assertThat(this.search.titles("uri=ok.example")).containsExactly("Fresh item");
		assertThat(this.search.titles("before=2020-12-31")).containsExactly("Fresh item");
	}

	// The command

	@Test
	void theIngestItemsCommandIngestsAFileWhateverItsNumberOfRecords() throws IOException {
		assertThat(this.search.titles("")).isEmpty();
		IngestItemsCommand command = new IngestItemsCommand(this.reader, this.ingest);
		command.run(new DefaultApplicationArguments(IngestItemsCommand.NAME, SampleItems.path().toString()));
		assertThat(command.getExitCode()).isZero();
		assertThat(this.search.stored()).isEqualTo(95);
		assertThat(this.search.titles("")).hasSize(95);

		// More records than one request may hold.
		List<Object> records = new ArrayList<>();
		for (int i = 0; i < MAX_ITEMS * 2; i++) {
			records.add(item("Line %03d".formatted(i), OK_URL, DAY));
		}
		records.add(item("Line 000", OK_URL, DAY));
		Path many = this.files.resolve("many.json");
		Files.writeString(many, SearchClient.JSON.writeValueAsString(items(records)), StandardCharsets.UTF_8);
		IngestItemsCommand again = new IngestItemsCommand(this.reader, this.ingest);
		again.run(new DefaultApplicationArguments(IngestItemsCommand.NAME, many.toString()));
		assertThat(again.getExitCode()).isZero();
		assertThat(this.search.stored()).isEqualTo(95 + MAX_ITEMS * 2);

		Path wrong = this.files.resolve("wrong.json");
		Files.writeString(wrong, "{\"records\": []}", StandardCharsets.UTF_8);
		for (String[] args : List.of(new String[] { IngestItemsCommand.NAME, wrong.toString() },
				new String[] { IngestItemsCommand.NAME, this.files.resolve("absent.json").toString() },
				new String[] { IngestItemsCommand.NAME })) {
			IngestItemsCommand failing = new IngestItemsCommand(this.reader, this.ingest);
			failing.run(new DefaultApplicationArguments(args));
			assertThat(failing.getExitCode()).as(String.join(" ", args)).isEqualTo(2);
		}
		IngestItemsCommand other = new IngestItemsCommand(this.reader, this.ingest);
		other.run(new DefaultApplicationArguments("serve", many.toString()));
		assertThat(other.getExitCode()).isZero();
		assertThat(this.search.stored()).isEqualTo(95 + MAX_ITEMS * 2);
	}

	private static JsonNode storedAs(Map<String, JsonNode> stored, List<JsonNode> records, int index) {
		JsonNode record = records.get(index);
		JsonNode item = stored.get(record.path("title").asString() + " " + SampleItems.url(record, index));
		assertThat(item).as("record %d stored", index).isNotNull();
		return item;
	}

	private static Map<String, JsonNode> byTitle(JsonNode page) {
		Map<String, JsonNode> byTitle = new HashMap<>();
		page.path("items").forEach(item -> byTitle.put(item.path("title").asString(), item));
		return byTitle;
	}

	/** The titles of these sample records, newest first (no two share a date). */
	private static List<String> newestFirst(List<JsonNode> records, Integer... indexes) {
		return Arrays.stream(indexes)
			.sorted(Comparator.comparing((Integer i) -> SampleItems.date(records.get(i).path("date").asString()))
				.reversed())
			.map(i -> records.get(i).path("title").asString())
			.toList();
	}

	private static List<Long> idsOf(List<JsonNode> items) {
		return items.stream().map(item -> item.path("id").asLong()).toList();
	}

	/** A bulk request of one record, padded with spaces to exactly {@code size} bytes. */
	private static byte[] padded(String title, int size) {
		String head = "{\"items\": [{\"title\": \"" + title
				+ "\", \"uri\": \"https://pad.example/\", \"date\": \"2020-01-01\"}";
		String tail = "]}";
		int padding = size - head.getBytes(StandardCharsets.UTF_8).length - tail.length();
		byte[] body = (head + " ".repeat(padding) + tail).getBytes(StandardCharsets.UTF_8);
		assertThat(body).hasSize(size);
		return body;
	}

}
