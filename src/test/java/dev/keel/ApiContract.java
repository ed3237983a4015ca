package dev.keel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published OpenAPI description against the service it describes: every operation is
 * called over HTTP with requests that succeed and requests that fail, and each exchange
 * is checked against {@code /v3/api-docs} by a standard validator (Atlassian's
 * openapi-request-validator): the status must be one the operation lists, the body must
 * match its schema (required fields present, no undescribed ones), and a request that the
 * API accepts must be one the description allows. A field renamed in code without the
 * description following, a status not listed, a parameter not described: each fails here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ApiContract {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String LONG_QUERY = "?padding=" + "x".repeat(9_000);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private JsonNode description;

	private OpenApiInteractionValidator validator;

	/** Per operation id, the statuses it was seen to answer. */
	private final Map<String, Set<Integer>> seen = new TreeMap<>();

	private final List<String> failures = new ArrayList<>();

	@BeforeEach
	void readTheDescription() {
		Exchange docs = send("GET", "/v3/api-docs", null, null, Map.of());
		assertThat(docs.status()).isEqualTo(200);
		this.description = JSON.readTree(docs.body());
		this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(docs.body())
			.withStrictOperationPathMatching()
			// The validator asks for a content type even where the body is optional
			// and none was sent (POST /rates with its fields in the query string).
			.withWhitelist(ValidationErrorsWhitelist.create()
				.withRule("no body, no content type", (message, operation, request,
						response) -> message.getKey().equals("validation.request.contentType.notAllowed")
								&& request != null && request.getRequestBody().isEmpty()
								&& !Boolean.TRUE.equals(operation.getOperation().getRequestBody().getRequired())))
			.build();
	}

	@Test
	void everyOperationAnswersAsDescribed() {
		rates();
		stats();
		library();
		search();
		access();
		assertThat(this.failures).as("exchanges that differ from the description").isEmpty();
		Map<String, Set<Integer>> missing = new TreeMap<>();
		operations().keySet().forEach(id -> {
			Set<Integer> statuses = this.seen.getOrDefault(id, Set.of());
			if (statuses.stream().noneMatch(s -> s < 300) || statuses.stream().noneMatch(s -> s >= 400)) {
				missing.put(id, statuses);
			}
		});
		assertThat(missing).as("operations not called with a success and an error (statuses seen)").isEmpty();
	}

	@Test
	void everyOperationIsNamedSummarizedAndFiledUnderItsModule() {
		Set<String> modules = new TreeSet<>();
		this.description.path("tags").forEach(tag -> modules.add(tag.path("name").asString()));
		assertThat(modules).as("the modules, in the description's tags")
			.contains("Rates", "Stats", "Library", "Search");
		operations().forEach((id, operation) -> {
			assertThat(id).as("operation id").matches("[a-z][A-Za-z]+");
			assertThat(operation.path("summary").asString()).as("%s summary", id).isNotBlank();
			assertThat(operation.path("tags").size()).as("%s tags", id).isEqualTo(1);
			assertThat(operation.path("tags").path(0).asString()).as("%s tag", id).isIn(modules);
			operation.path("responses").properties().forEach(response -> {
				int status = Integer.parseInt(response.getKey());
				JsonNode content = response.getValue().path("content");
				if (status >= 400) {
					assertThat(content.has("application/problem+json")).as("%s %s is a problem", id, status).isTrue();
				}
				else if (content.has("application/json")) {
					assertThat(content.path("application/json").has("example")).as("%s %s example", id, status)
						.isTrue();
				}
			});
		});
		assertThat(this.description.path("paths").has("/stats")).as("the alias /stats").isFalse();
	}

	@Test
	void aFieldRenamedInAnAnswerBreaksTheContract() {
		Exchange created = call("createAuthor", 201, "POST", "/authors", "{\"name\": \"Renamed\"}");
		ObjectNode renamed = (ObjectNode) JSON.readTree(created.body());
		renamed.set("birthDate", renamed.remove("birth_date"));
		ValidationReport report = this.validator.validateResponse("/authors", Request.Method.POST,
				SimpleResponse.Builder.status(201)
					.withContentType("application/json")
					.withBody(renamed.toString())
					.build());
		assertThat(report.hasErrors()).as("a renamed nullable field").isTrue();

		ObjectNode withoutName = (ObjectNode) JSON.readTree(created.body());
		withoutName.set("full_name", withoutName.remove("name"));
		report = this.validator.validateResponse("/authors", Request.Method.POST,
				SimpleResponse.Builder.status(201)
					.withContentType("application/json")
					.withBody(withoutName.toString())
					.build());
		assertThat(report.hasErrors()).as("a renamed required field").isTrue();
	}

	@Test
	void everyExampleMatchesItsSchema() {
		operations().forEach((id, operation) -> operation.path("responses").properties().forEach(response -> {
			JsonNode example = response.getValue().path("content").path("application/json").path("example");
			if (!example.isMissingNode()) {
				ValidationReport report = this.validator.validateResponse(operation.path("x-path").asString(),
						Request.Method.valueOf(operation.path("x-method").asString()),
						SimpleResponse.Builder.status(Integer.parseInt(response.getKey()))
							.withContentType("application/json")
							.withBody(example.toString())
							.build());
				assertThat(report.hasErrors()).as("%s %s example: %s", id, response.getKey(), report.getMessages())
					.isFalse();
			}
		}));
	}

	private void rates() {
		this.jdbc.sql("DELETE FROM prices WHERE orig_code IN ('CTAAA', 'CTBBB')").update();
		this.jdbc.sql("DELETE FROM region_daily_prices WHERE orig_region IN ('ct_root', 'ct_sub')").update();
		this.jdbc.sql("DELETE FROM ports WHERE code IN ('CTAAA', 'CTBBB')").update();
		this.jdbc.sql("DELETE FROM regions WHERE slug = 'ct_sub'").update();
		this.jdbc.sql("DELETE FROM regions WHERE slug = 'ct_root'").update();
		this.jdbc.sql("INSERT INTO regions (slug, name, parent_slug) VALUES ('ct_root', 'Contract root', NULL)")
			.update();
		this.jdbc.sql("INSERT INTO regions (slug, name, parent_slug) VALUES ('ct_sub', 'Contract sub', 'ct_root')")
			.update();
		this.jdbc.sql("INSERT INTO ports (code, name, parent_slug) VALUES ('CTAAA', 'Contract A', 'ct_root')").update();
		this.jdbc.sql("INSERT INTO ports (code, name, parent_slug) VALUES ('CTBBB', 'Contract B', 'ct_sub')").update();

		call("uploadPrices", 201, "POST", "/rates", """
				{"date_from": "2021-01-01", "date_to": "2021-01-03", "origin_code": "CTAAA",
				 "destination_code": "CTBBB", "price": 100}""");
		callWith("uploadPrices", 201, "POST", "/rates", "application/x-www-form-urlencoded",
				"date_from=2021-01-02&date_to=2021-01-02&origin_code=CTAAA&destination_code=CTBBB&price=300", true);
		call("uploadPrices", 201, "POST",
				"/rates?date_from=2021-01-03&date_to=2021-01-03&origin_code=CTAAA&destination_code=CTBBB&price=500",
				null);
		refused("uploadPrices", 400, "POST", "/rates", """
				{"date_from": "2021-01-01", "date_to": "2021-01-03", "origin_code": "CTAAA",
				 "destination_code": "CTBBB", "price": -1}""");
		refused("uploadPrices", 400, "POST", "/rates", """
				{"dateFrom": "2021-01-01", "date_to": "2021-01-03", "origin_code": "CTAAA",
				 "destination_code": "CTBBB", "price": 1}""");

		String lane = "?date_from=2021-01-01&date_to=2021-01-04&origin=CTAAA&destination=ct_root";
		JsonNode averages = json(call("getRates", 200, "GET", "/rates" + lane, null));
		assertThat(averages.path(1).path("average_price").asLong()).isEqualTo(200);
		assertThat(averages.path(3).path("average_price").isNull()).isTrue();
		call("getRates", 200, "GET", "/rates" + lane + "&min_prices=2", null);
		refused("getRates", 400, "GET",
				"/rates?date_from=2021-01-04&date_to=2021-01-01&origin=CTAAA&destination=ct_sub", null);
		refused("getRates", 400, "GET", "/rates" + lane.replace("CTAAA", "NOPORT"), null);
		call("getRatesNull", 200, "GET", "/rates_null" + lane, null);
		refused("getRatesNull", 400, "GET", "/rates_null" + lane + "&min_price=1", null);
		refused("getRatesNull", 414, "GET", "/rates_null" + LONG_QUERY, null);
		priceBatches();
	}

	private void priceBatches() {
		String header = "origin_code,destination_code,day,price\n";
		long id = json(callWith("uploadPriceBatch", 202, "POST", "/rates/batches", "text/csv",
				header + "CTAAA,CTBBB,2021-02-01,700\n", true))
			.path("id")
			.asLong();
		callWith("uploadPriceBatch", 202, "POST", "/rates/batches", "application/x-ndjson", """
				{"origin_code":"CTAAA","destination_code":"CTBBB","day":"2021-02-02","price":800}
				""", true);
		Exchange rejected = callWith("uploadPriceBatch", 422, "POST", "/rates/batches", "text/csv",
				header + "CTAAA,NOPORT,2021-02-01,700\n", true);
		assertThat(json(rejected).path("errors").path(0).path("field").asString()).isEqualTo("destination_code");
		callWith("uploadPriceBatch", 400, "POST", "/rates/batches", "text/csv", "colour\nred\n", true);
		callWith("uploadPriceBatch", 415, "POST", "/rates/batches", "text/plain", "x", false);
		call("getPriceBatch", 200, "GET", "/rates/batches/" + id, null);
		refused("getPriceBatch", 404, "GET", "/rates/batches/999999999", null);
		call("listPriceBatches", 200, "GET", "/rates/batches?limit=2", null);
		call("listPriceBatches", 200, "GET", "/rates/batches?state=rejected", null);
		refused("listPriceBatches", 400, "GET", "/rates/batches?state=done", null);
	}

	private void stats() {
		call("resetStats", 204, "DELETE", "/stats/", null);
		refused("resetStats", 414, "DELETE", "/stats/" + LONG_QUERY, null);
		call("getApiRoot", 200, "GET", "/api/", null);
		refused("getApiRoot", 414, "GET", "/api/" + LONG_QUERY, null);
		call("getApiSubpath", 200, "GET", "/api/one", null);
		refused("getApiSubpath", 414, "GET", "/api/one" + LONG_QUERY, null);
		JsonNode report = json(call("getStats", 200, "GET", "/stats/?limit=10", null));
		assertThat(report.path("total_requests").asLong()).isGreaterThanOrEqualTo(3);
		call("getStats", 200, "GET", "/stats/", null);
		refused("getStats", 400, "GET", "/stats/?limit=0", null);
		refused("getStats", 400, "GET", "/stats/?page=2", null);
		String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
		call("getStats", 200, "GET", "/stats/?from=" + today + "&to=" + today + "&limit=5", null);
		refused("getStats", 400, "GET", "/stats/?from=" + today, null);
		call("getClientStats", 200, "GET", "/stats/clients/?from=" + today + "&to=" + today, null);
		refused("getClientStats", 400, "GET", "/stats/clients/?from=" + today + "&to=yesterday", null);
		call("getPathSeries", 200, "GET", "/stats/series?url=/api/one&from=" + today + "&to=" + today + "&step=hour",
				null);
		refused("getPathSeries", 400, "GET", "/stats/series?url=/api/one&from=" + today + "&to=" + today + "&step=week",
				null);
		Exchange started = call("startTestRun", 202, "POST", "/test/3/", null);
		assertThat(started.location()).startsWith("/test/runs/");
		refused("startTestRun", 400, "POST", "/test/0/", null);
		call("getTestRun", 200, "GET", started.location(), null);
		call("getTestRun", 404, "GET", "/test/runs/no-such-run", null);
	}

	private void library() {
		Exchange author = call("createAuthor", 201, "POST", "/authors", """
				{"name": "Ursula K. Le Guin", "birth_date": "1929-10-21", "bio": "..."}""");
		long authorId = json(author).path("id").asLong();
		assertThat(author.location()).isEqualTo("/authors/" + authorId);
		assertThat(author.etag()).isEqualTo("\"1\"");
		long second = json(call("createAuthor", 201, "POST", "/authors", "{\"name\": \"Terry Pratchett\"}")).path("id")
			.asLong();
		refused("createAuthor", 400, "POST", "/authors", "{\"bio\": \"no name\"}");
		refused("createAuthor", 400, "POST", "/authors", "{\"name\": \"A\", \"birthDate\": \"1929-10-21\"}");
		callWith("createAuthor", 415, "POST", "/authors", "text/plain", "{\"name\": \"A\"}", false);
		refused("createAuthor", 413, "POST", "/authors", "{\"name\": \"" + "x".repeat(1_100_000) + "\"}");

		call("getAuthor", 200, "GET", "/authors/" + authorId, null);
		call("getAuthor", 404, "GET", "/authors/999999999", null);
		refused("getAuthor", 400, "GET", "/authors/abc", null);
		Exchange replaced = callWithIfMatch("replaceAuthor", 200, "PUT", "/authors/" + authorId, "\"1\"", """
				{"name": "Ursula K. Le Guin", "birth_date": "1929-10-21", "bio": "Author of Earthsea."}""");
		assertThat(replaced.etag()).isEqualTo("\"2\"");
		callWithIfMatch("replaceAuthor", 412, "PUT", "/authors/" + authorId, "\"1\"", "{\"name\": \"Stale\"}");
		call("listAuthors", 200, "GET", "/authors?name=guin&sort=-birth_date&limit=5", null);
		refused("listAuthors", 400, "GET", "/authors?limit=0", null);

		String isbn = FreshIsbn.next();
		Exchange book = call("createBook", 201, "POST", "/books", """
				{"title": "The Dispossessed", "isbn": "%s", "publish_date": "1974-05-01",
				 "author_ids": [%d]}""".formatted(isbn, authorId));
		long bookId = json(book).path("id").asLong();
		call("createBook", 409, "POST", "/books", """
				{"title": "Again", "isbn": "%s", "author_id": %d}""".formatted(isbn, authorId));
		call("createBook", 422, "POST", "/books", "{\"title\": \"Nobody's\", \"author_ids\": [999999999]}");
		refused("createBook", 400, "POST", "/books", "{\"title\": \"No authors\"}");
		call("getBook", 200, "GET", "/books/" + bookId, null);
		call("getBook", 404, "GET", "/books/999999999", null);
		call("listBooks", 200, "GET", "/books?title=dispossessed&author_id=" + authorId
				+ "&published_after=1970-01-01&published_before=1980-12-31&sort=title", null);
		Exchange firstPage = call("listBooks", 200, "GET", "/books?limit=1", null);
		assertThat(json(firstPage).path("items").size()).isEqualTo(1);
		refused("listBooks", 400, "GET", "/books?sort=isbn", null);
		call("listAuthorBooks", 200, "GET", "/authors/" + authorId + "/books?sort=-publish_date", null);
		call("listAuthorBooks", 404, "GET", "/authors/999999999/books", null);
		call("addBookAuthor", 200, "PUT", "/books/" + bookId + "/authors/" + second, null);
		call("addBookAuthor", 404, "PUT", "/books/" + bookId + "/authors/999999999", null);
		JsonNode authors = json(call("listBookAuthors", 200, "GET", "/books/" + bookId + "/authors", null));
		assertThat(authors.size()).isEqualTo(2);
		call("listBookAuthors", 404, "GET", "/books/999999999/authors", null);
		call("removeBookAuthor", 200, "DELETE", "/books/" + bookId + "/authors/" + second, null);
		call("removeBookAuthor", 409, "DELETE", "/books/" + bookId + "/authors/" + authorId, null);
		call("replaceBook", 200, "PUT", "/books/" + bookId, """
				{"title": "The Dispossessed", "description": "An ambiguous utopia", "author_ids": [%d, %d]}"""
			.formatted(second, authorId));
		call("replaceBook", 404, "PUT", "/books/999999999",
				"{\"title\": \"Gone\", \"author_id\": %d}".formatted(second));
		call("deleteBook", 204, "DELETE", "/books/" + bookId, null);
		call("deleteBook", 404, "DELETE", "/books/" + bookId, null);
		callWithIfMatch("deleteAuthor", 412, "DELETE", "/authors/" + second, "\"7\"", null);
		call("deleteAuthor", 204, "DELETE", "/authors/" + second, null);
		call("deleteAuthor", 404, "DELETE", "/authors/" + second, null);
	}

	private void search() {
		JsonNode result = json(call("ingestItems", 200, "POST", "/v1/bulk", """
				{"items": [
				  {"title": "  Le confort de  louer sans soucis ", "uri": "//www.example.fr/a", "date": "June 23 2018"},
				  {"title": "Evolving", "uri": "file:///etc/passwd", "date": "2014-03-08T15"},
				  {"title": "Someday", "uri": "https://example.com/", "date": "May 23"}]}"""));
		assertThat(result.path("rejected").size()).isEqualTo(2);
		call("ingestItems", 422, "POST", "/v1/bulk?atomic=true", """
				{"items": [{"title": "Atomic", "uri": "https://example.com/b", "date": "May 23"}]}""");
		refused("ingestItems", 400, "POST", "/v1/bulk", "{\"records\": []}");
		JsonNode page = json(call("searchItems", 200, "GET",
				"/v1/?contains=CONFORT&after=2018-01-01&before=2018-12-31&limit=5", null));
		long itemId = page.path("items").path(0).path("id").asLong();
		call("searchItems", 200, "GET", "/v1/?uri=example.fr", null);
		refused("searchItems", 400, "GET", "/v1/?after=2019-01-01&before=2018-01-01", null);
		call("getItem", 200, "GET", "/v1/" + itemId, null);
		call("getItem", 404, "GET", "/v1/999999999", null);
	}

	/** A request the description allows, answered {@code status}. */
	private void access() {
		String name = "contract-" + System.nanoTime();
		Exchange created = call("createApiKey", 201, "POST", "/admin/api-keys",
				"{\"name\": \"" + name + "\", \"role\": \"reader\", \"rate_limit\": \"1000/1m\"}");
		String key = json(created).path("key").asString();
		refused("createApiKey", 400, "POST", "/admin/api-keys", "{\"name\": \"x\", \"role\": \"owner\"}");
		call("createApiKey", 409, "POST", "/admin/api-keys", "{\"name\": \"" + name + "\", \"role\": \"admin\"}");
		call("listApiKeys", 200, "GET", "/admin/api-keys", null);
		check("listApiKeys", 403, true,
				send("GET", "/admin/api-keys", null, null, Map.of("Authorization", "Bearer " + key)));
		check("listBooks", 200, true, send("GET", "/books?limit=1", null, null, Map.of("X-API-Key", key)));
		call("getApiKey", 200, "GET", "/admin/api-keys/" + name, null);
		call("getApiKey", 404, "GET", "/admin/api-keys/no-such-key", null);
		call("revokeApiKey", 200, "DELETE", "/admin/api-keys/" + name, null);
		call("revokeApiKey", 404, "DELETE", "/admin/api-keys/no-such-key", null);
		check("listBooks", 401, true,
				send("GET", "/books?limit=1", null, null, Map.of("Authorization", "Bearer " + key)));
	}

	private Exchange call(String operationId, int status, String method, String pathAndQuery, @Nullable String json) {
		return callWith(operationId, status, method, pathAndQuery, (json != null) ? "application/json" : null, json,
				true);
	}

	/**
	 * A request the API refuses, which the description need not allow; only the answer is
	 * checked.
	 */
	private Exchange refused(String operationId, int status, String method, String pathAndQuery,
			@Nullable String json) {
		return callWith(operationId, status, method, pathAndQuery, (json != null) ? "application/json" : null, json,
				false);
	}

	private Exchange callWithIfMatch(String operationId, int status, String method, String path, String ifMatch,
			@Nullable String json) {
		return check(operationId, status, true,
				send(method, path, (json != null) ? "application/json" : null, json, Map.of("If-Match", ifMatch)));
	}

	private Exchange callWith(String operationId, int status, String method, String pathAndQuery,
			@Nullable String contentType, @Nullable String body, boolean allowed) {
		return check(operationId, status, allowed, send(method, pathAndQuery, contentType, body, Map.of()));
	}

	private Exchange check(String operationId, int status, boolean allowed, Exchange exchange) {
		String label = operationId + ": " + exchange.method() + " " + abbreviated(exchange.pathAndQuery());
		assertThat(exchange.status()).as("%s answered %s", label, exchange.body()).isEqualTo(status);
		JsonNode operation = operations().get(operationId);
		assertThat(operation).as("operation %s in the description", operationId).isNotNull();
		assertThat(exchange.method()).as(label).isEqualToIgnoringCase(operation.path("x-method").asString());
		assertThat(exchange.path()).as(label).matches(template(operation.path("x-path").asString()));
		ValidationReport report = allowed ? this.validator.validate(exchange.request(), exchange.response())
				: this.validator.validateResponse(exchange.path(), exchange.request().getMethod(), exchange.response());
		report.getMessages()
			.stream()
			.filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
			.forEach(message -> this.failures
				.add(label + " -> " + exchange.status() + ": " + message.getKey() + ": " + message.getMessage()));
		if (exchange.status() >= 400) {
			assertThat(exchange.answerType()).as(label).startsWith("application/problem+json");
		}
		this.seen.computeIfAbsent(operationId, id -> new TreeSet<>()).add(exchange.status());
		return exchange;
	}

	/**
	 * The description's operations by id, each with its path and method added as
	 * {@code x-path} and {@code x-method}.
	 */
	private Map<String, JsonNode> operations() {
		Map<String, JsonNode> operations = new LinkedHashMap<>();
		this.description.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
			ObjectNode operation = ((ObjectNode) entry.getValue()).deepCopy();
			operation.put("x-path", path.getKey());
			operation.put("x-method", entry.getKey().toUpperCase());
			operations.put(operation.path("operationId").asString(), operation);
		}));
		return operations;
	}

	private static String template(String path) {
		return Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
	}

	private Exchange send(String method, String pathAndQuery, @Nullable String contentType, @Nullable String body,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + pathAndQuery))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		headers.forEach(request::header);
		try {
			HttpResponse<String> response = this.client.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Exchange(method, pathAndQuery, contentType, body, headers, response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode json(Exchange exchange) {
		return JSON.readTree(exchange.body());
	}

	private static String abbreviated(String text) {
		return (text.length() > 120) ? text.substring(0, 120) + "..." : text;
	}

	/** One request and its answer, in the validator's terms too. */
	private record Exchange(String method, String pathAndQuery, @Nullable String contentType, @Nullable String sent,
			Map<String, String> headers, HttpResponse<String> answer) {

		int status() {
			return this.answer.statusCode();
		}

		String body() {
			return this.answer.body();
		}

		String path() {
			int query = this.pathAndQuery.indexOf('?');
			return (query >= 0) ? this.pathAndQuery.substring(0, query) : this.pathAndQuery;
		}

		String answerType() {
			return this.answer.headers().firstValue("Content-Type").orElse("");
		}

		@Nullable String location() {
			return this.answer.headers().firstValue("Location").orElse(null);
		}

		@Nullable String etag() {
			return this.answer.headers().firstValue("ETag").orElse(null);
		}

		Request request() {
			SimpleRequest.Builder request = new SimpleRequest.Builder(this.method, path());
			int query = this.pathAndQuery.indexOf('?');
			if (query >= 0) {
				for (String pair : this.pathAndQuery.substring(query + 1).split("&")) {
					int equals = pair.indexOf('=');
					String name = (equals >= 0) ? pair.substring(0, equals) : pair;
					String value = (equals >= 0) ? pair.substring(equals + 1) : "";
					request.withQueryParam(URLDecoder.decode(name, StandardCharsets.UTF_8),
							URLDecoder.decode(value, StandardCharsets.UTF_8));
				}
			}
			if (this.contentType != null) {
				request.withContentType(this.contentType);
			}
			if (this.sent != null) {
				request.withBody(this.sent);
			}
			this.headers.forEach(request::withHeader);
			return request.build();
		}

		com.atlassian.oai.validator.model.Response response() {
			SimpleResponse.Builder response = SimpleResponse.Builder.status(status());
			this.answer.headers().map().forEach(response::withHeader);
			if (!body().isEmpty()) {
				response.withBody(body());
			}
			return response.build();
		}

	}

}
