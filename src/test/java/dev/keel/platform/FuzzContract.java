package dev.keel.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
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
 * Malformed requests for every operation the OpenAPI description lists, generated from
 * the description itself: each parameter and each body field in turn given a wrong type,
 * a value out of range, nothing, something huge, U+0000 and other odd characters, the
 * rest left at a plain value. Whatever the answer, it is never a 5xx; every error is an
 * {@code application/problem+json} problem that names no Java insides; and a refused
 * request stores nothing (the row counts of every table but the request counts stay the
 * same). The bad inputs found by earlier fuzzing are sent as well, by name, with the
 * status each must get.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "keel.rates.exchange-rates.base-url=http://127.0.0.1:9/unreachable")
abstract class FuzzContract {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// Every table a request could write, but the request counts (stats_*), which every
	// request changes, and rate_batches, which keeps a rejected batch's record (422) by
	// design; its rows (rate_batch_prices) never are. search_words exists on PostgreSQL
	// only.
	private static final List<String> TABLES = List.of("authors", "books", "book_authors", "prices",
			"region_daily_prices", "regions", "ports", "search_items", "search_words", "rate_batch_prices");

	/** Odd values for a query parameter, a path segment or a header, before encoding. */
	private static final List<String> TEXTS = List.of("", "abc", "-1", "0", "+2", "0x1", "\uFF12", "1.5",
			"9223372036854775808", "2016-13-45", "\u0000", "a\u0000b", "\u200B\u200B", "\uD83D\uDE00", "%", "%00",
			"'; DROP TABLE authors; --", "..", "[]", "\n", "x".repeat(3000));

	/** Odd JSON values for a body field. */
	private static final List<String> JSON_VALUES = List.of("null", "true", "-1", "1.5", "1e400", "9223372036854775808",
			"\"\"", "\"abc\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00y\"", "\"\\u200b\\u200b\"", "\"\\uff12\"",
			"\"2016-13-45\"", "\"\\u0662\\u0660\\u0661\\u0666-01-01\"", "[]", "[null]", "[\"\\u0000\"]", "{}",
			"\"" + "x".repeat(100_000) + "\"", "1" + "0".repeat(2000));

	/** Odd bodies as a whole. */
	private static final List<String> BODIES = List.of("", " ", "{", "}", "[]", "null", "1", "\"x\"", "{}{}",
			"{\"a\":1} trailing", "{\"unknown_field\":1}", "\u0000", "{\"a\":\"\\ud800\"}",
			"[".repeat(2000) + "]".repeat(2000), "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}");

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final List<String> failures = new ArrayList<>();

	private int sent;

	private @Nullable String counts;

	private @Nullable List<Long> lastCounts;

	@Test
	void everyOperationAnswersMalformedRequestsWithAProblemAndStoresNothing() {
		JsonNode description = JSON.readTree(get("/v3/api-docs").body());
		assertThat(description.path("paths").size()).as("operations described").isGreaterThan(10);
		description.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
			if (List.of("get", "put", "post", "delete", "patch").contains(operation.getKey())) {
				fuzz(description, path.getKey(), operation.getKey().toUpperCase(), operation.getValue());
			}
		}));
		assertThat(this.sent).isGreaterThan(1000);
		assertThat(this.failures).as("%d of %d requests answered wrongly", this.failures.size(), this.sent).isEmpty();
	}

	@Test
	void theBadInputsFoundBeforeAreRefusedWithA4xxProblem() {
		String upload = "date_from=2016-01-01&date_to=2016-01-02&origin_code=CNSGH&destination_code=NLRTM&price=";
		String jsonUpload = """
				{"date_from":"2016-01-01","date_to":"2016-01-02","origin_code":"%s","destination_code":"NLRTM",
				 "price":5}""";
		String range = "/rates?date_from=2016-01-01&date_to=2016-01-02";
		expect(400, "GET", range + "&origin=CN%00&destination=NLRTM", null, null);
		expect(400, "GET", range + "&origin=CNSGH&destination=%00", null, null);
		expect(400, "GET", "/rates_null?date_from=2016-01-01&date_to=2016-01-02&origin=%00&destination=NLRTM", null,
				null);
		expect(400, "POST", "/rates", "application/x-www-form-urlencoded", upload.replace("NLRTM", "%00") + "5");
		expect(400, "POST", "/rates?" + upload.replace("CNSGH", "CN%00") + "5", null, null);
		expect(400, "POST", "/rates", "application/json", jsonUpload.formatted("CN\\u0000"));
		expect(400, "POST", "/rates", "application/json", jsonUpload.formatted("\\ud800"));
		// A cursor whose text key (a name) holds U+0000: base64url of "\0".
		expect(400, "GET", "/authors?sort=name&cursor=" + forgedCursor("/authors?sort=name"), null, null);
		for (String target : List.of("POST /authors", "POST /books", "PUT /authors/1", "PUT /books/1", "POST /rates",
				"POST /v1/bulk")) {
			String[] request = target.split(" ");
			expect(415, request[0], request[1], "multipart/form-data", "x");
			expect(415, request[0], request[1], "multipart/form-data; boundary=x", "--x--");
			expect(415, request[0], request[1], "*/*", "{}");
			expect(415, request[0], request[1], "application/*", "{}");
			expect(415, request[0], request[1], "not a type", "{}");
		}
		// Fields outside a JSON body only as a form, or in the query with no body type.
		expect(415, "POST", "/rates?" + upload + "5", "text/plain", "x");
		expect(415, "POST", "/rates", "text/plain", upload + "5");
		assertThat(raw("GET /actuator/health/../env HTTP/1.1")).startsWith("HTTP/1.1 400");
		assertThat(raw("GET /actuator/health/%2e%2e/env HTTP/1.1")).startsWith("HTTP/1.1 400");
		assertThat(raw("GET /books/./1 HTTP/1.1")).startsWith("HTTP/1.1 400");
		// Internals in error bodies.
		expect(400, "POST", "/authors", "application/json", "{\"name\":\"a\"} {}");
		expect(400, "POST", "/authors", "application/json", "[1]");
		expect(400, "POST", "/v1/bulk", "application/json",
				"{\"items\":[{\"title\":" + "[".repeat(1200) + "]".repeat(1200) + "}]}");
		expect(400, "POST", "/books", "application/json", "{\"title\":\"t\",\"author_ids\":{\"a\":1}}");
		expect(400, "POST", "/authors", "application/json", "{\"name\":\"a\"");
		expect(400, "POST", "/authors", "application/json", "{\"name\":\"a\",\"bio\":1" + "0".repeat(3000) + "}");
		Http.Reply malformedAccept = send("GET", "/books/999999", null, null, "garbage///");
		assertThat(malformedAccept.status()).isEqualTo(404);
		assertThat(malformedAccept.contentType()).startsWith("application/problem+json");
		// Too lenient before.
		for (String id : List.of("+2", "0x1", "%EF%BC%92", "%231", "1.0", "1e0")) {
			expect(400, "GET", "/books/" + id, null, null);
			expect(400, "GET", "/authors/" + id, null, null);
			expect(400, "GET", "/v1/" + id, null, null);
		}
		expect(400, "POST", "/rates", "application/x-www-form-urlencoded", upload + "%EF%BC%95");
		expect(400, "GET", range + "&origin=CNSGH&origin=zzz&destination=NLRTM", null, null);
		expect(400, "GET", "/authors?limit=1&limit=zzz", null, null);
		expect(400, "GET", "/v1/?limit=1&limit=1", null, null);
		expect(400, "POST", "/authors", "application/json", "{\"name\":\"a\",\"birth_date\":[]}");
		expect(400, "POST", "/authors", "application/json", "{\"name\":\"a\",\"birth_date\":[1929,10,21]}");
		expect(400, "POST", "/authors", "application/json", "{\"name\":\"a\\ud800b\"}");
		expect(400, "POST", "/authors", "application/json", "{\"name\":\"\\u200b\\u200b\"}");
		expect(400, "POST", "/authors?colour=red", "application/json", "{\"name\":\"a\"}");
		expect(400, "GET", "/books/1/authors?colour=red", null, null);
		expect(400, "DELETE", "/stats?colour=red", null, null);
		assertThat(this.failures).isEmpty();
	}

	@Test
	void anEmptyIfMatchIsRefusedRatherThanReadAsAbsent() {
		long id = JSON.readTree(send("POST", "/authors", "application/json", "{\"name\":\"Kept\"}", null).body())
			.path("id")
			.asLong();

		Http.Reply reply = this.send(HttpRequest.newBuilder(uri("/authors/" + id)).header("If-Match", "").DELETE());

		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.json().path("field").asString()).isEqualTo("If-Match");
		assertThat(get("/authors/" + id).status()).isEqualTo(200);
	}

	private void fuzz(JsonNode description, String path, String method, JsonNode operation) {
		Map<String, String> pathValues = new LinkedHashMap<>();
		List<Map.Entry<String, String>> query = new ArrayList<>();
		Map<String, String> headers = new LinkedHashMap<>();
		for (JsonNode parameter : operation.path("parameters")) {
			JsonNode resolved = resolve(description, parameter);
			String name = resolved.path("name").asString();
			String value = plain(description, resolved.path("schema"));
			switch (resolved.path("in").asString()) {
				case "path" -> pathValues.put(name, value);
				case "query" -> {
					if (resolved.path("required").asBoolean()) {
						query.add(Map.entry(name, value));
					}
				}
				case "header" -> headers.put(name, value);
				default -> {
				}
			}
		}
		JsonNode content = operation.path("requestBody").path("content");
		List<String> bodyTypes = List.copyOf(content.propertyNames());
		Request plain = new Request(method, path, pathValues, query, headers, null, null);
		if (!bodyTypes.isEmpty()) {
			plain = withPlainBody(description, plain, bodyTypes.get(0), content.path(bodyTypes.get(0)));
		}

		for (JsonNode parameter : operation.path("parameters")) {
			JsonNode resolved = resolve(description, parameter);
			String name = resolved.path("name").asString();
			String in = resolved.path("in").asString();
			for (String value : TEXTS) {
				switch (in) {
					case "path" -> check(plain.withPath(name, value));
					case "query" -> check(plain.withQuery(name, value));
					case "header" -> {
						if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
							check(plain.withHeader(name, value));
						}
					}
					default -> {
					}
				}
			}
			if (in.equals("query")) {
				check(plain.withQuery(name, "1").withRepeated(name, "2"));
			}
		}
		check(plain.withQuery("unknown_parameter", "1"));
		for (String bodyType : bodyTypes) {
			JsonNode schema = resolve(description, content.path(bodyType).path("schema"));
			Request typed = withPlainBody(description, plain, bodyType, content.path(bodyType));
			for (String field : schema.path("properties").propertyNames()) {
				if (isJson(bodyType)) {
					ObjectNode body = plainObject(description, schema);
					for (String value : JSON_VALUES) {
						check(typed.withBody(withField(body, field, value)));
					}
				}
				else {
					Map<String, String> form = plainForm(description, schema);
					for (String value : TEXTS) {
						form.put(field, value);
						check(typed.withBody(formOf(form)));
					}
				}
			}
			for (String whole : BODIES) {
				check(typed.withBody(whole));
			}
		}
		if (!bodyTypes.isEmpty()) {
			for (String type : List.of("*/*", "multipart/form-data", "text/plain", "application/xml", "garbage")) {
				check(plain.withBodyType(type));
			}
		}
		if (!method.equals("GET") && !method.equals("DELETE") && bodyTypes.isEmpty()) {
			check(plain.withBodyType("*/*").withBody("{}"));
			check(plain.withBodyType("multipart/form-data").withBody("{}"));
		}
	}

	// Sends the request and records what is wrong with the answer. The counts after one
	// write are those before the next: one query per write keeps the fuzz fast. No GET
	// handler writes, so reads are not counted.
	private void check(Request request) {
		boolean write = !request.method().equals("GET");
		List<Long> before = (!write) ? List.of() : (this.lastCounts != null) ? this.lastCounts : counts();
		Http.Reply reply = send(request.method(), request.target(), request.bodyType(), request.body(), null,
				request.headers());
		this.sent++;
		String problem = problemWith(reply);
		if (write) {
			this.lastCounts = counts();
			if (problem == null && reply.status() >= 400 && !before.equals(this.lastCounts)) {
				problem = "refused, yet rows were stored: " + before + " -> " + this.lastCounts;
			}
		}
		if (problem != null) {
			this.failures.add(request.method() + " " + abbreviate(request.target()) + " "
					+ abbreviate(String.valueOf(request.body())) + " -> " + reply.status() + " " + reply.contentType()
					+ " " + abbreviate(reply.body()) + ": " + problem);
		}
	}

	private void expect(int status, String method, String target, @Nullable String bodyType, @Nullable String body) {
		List<Long> before = counts();
		Http.Reply reply = send(method, target, bodyType, body, null);
		String problem = problemWith(reply);
		if (problem == null && reply.status() != status) {
			problem = "expected " + status;
		}
		if (problem == null && !before.equals(counts())) {
			problem = "rows were stored";
		}
		if (problem != null) {
			this.failures.add(method + " " + abbreviate(target) + " " + bodyType + " "
					+ abbreviate(String.valueOf(body)) + " -> " + reply.status() + " " + reply.contentType() + " "
					+ abbreviate(reply.body()) + ": " + problem);
		}
	}

	private static @Nullable String problemWith(Http.Reply reply) {
		if (reply.status() >= 500) {
			return "a server error";
		}
		if (reply.status() < 400) {
			return null;
		}
		if (!reply.contentType().startsWith("application/problem+json")) {
			return "not a problem";
		}
		JsonNode problem;
		try {
			problem = reply.json();
		}
		catch (RuntimeException ex) {
			return "a problem that is not JSON";
		}
		if (problem.path("status").asInt() != reply.status() || problem.path("detail").asString().isEmpty()) {
			return "a problem without its status or detail";
		}
		for (String inside : List.of("dev.keel", "tools.jackson", "java.", "Exception", "`", "Jackson", "REDACTED")) {
			if (reply.body().contains(inside)) {
				return "a problem naming insides (" + inside + ")";
			}
		}
		return null;
	}

	private List<Long> counts() {
		if (this.counts == null) {
			List<String> present = this.jdbc
				.sql("SELECT LOWER(table_name) FROM information_schema.tables WHERE LOWER(table_name) IN (:tables)")
				.param("tables", TABLES)
				.query(String.class)
				.list();
			this.counts = "SELECT " + String.join(", ",
					TABLES.stream().filter(present::contains).map(t -> "(SELECT COUNT(*) FROM " + t + ")").toList());
		}
		return this.jdbc.sql(this.counts).query((row, n) -> {
			List<Long> counts = new ArrayList<>();
			for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
				counts.add(row.getLong(column));
			}
			return counts;
		}).single();
	}

	private Http.Reply get(String target) {
		return send("GET", target, null, null, null);
	}

	private Http.Reply send(String method, String target, @Nullable String bodyType, @Nullable String body,
			@Nullable String accept) {
		return send(method, target, bodyType, body, accept, Map.of());
	}

	private Http.Reply send(String method, String target, @Nullable String bodyType, @Nullable String body,
			@Nullable String accept, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(target))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		request.header("Accept", (accept != null) ? accept : "application/json, application/problem+json");
		if (bodyType != null) {
			request.header("Content-Type", bodyType);
		}
		headers.forEach(request::header);
		return send(request);
	}

	private Http.Reply send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Http.Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(null), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// The request line exactly as given: the JDK client would resolve dot segments.
	private String raw(String requestLine) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(answer).contains("application/problem+json");
			return answer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private URI uri(String target) {
		return URI.create("http://127.0.0.1:" + this.port + target);
	}

	private String forgedCursor(String firstPage) {
		String next = JSON.readTree(get(firstPage.replace("?", "?limit=1&")).body()).path("next").asString();
		if (next == null || next.isEmpty()) {
			send("POST", "/authors", "application/json", "{\"name\":\"A\"}", null);
			send("POST", "/authors", "application/json", "{\"name\":\"B\"}", null);
			next = JSON.readTree(get(firstPage.replace("?", "?limit=1&")).body()).path("next").asString();
		}
		String[] parts = next.split("\\.");
		// fingerprint . total . name . id: the name becomes U+0000.
		return parts[0] + "." + parts[1] + ".AA." + parts[3];
	}

	private static JsonNode resolve(JsonNode description, JsonNode node) {
		String ref = node.path("$ref").asString();
		if (ref == null || !ref.startsWith("#/")) {
			return node;
		}
		JsonNode target = description;
		for (String part : ref.substring(2).split("/")) {
			target = target.path(part);
		}
		return target;
	}

	// A plain value of the schema's type, so that only the field under test is odd.
	private static String plain(JsonNode description, JsonNode schema) {
		JsonNode resolved = resolve(description, schema);
		if (resolved.has("example")) {
			return resolved.path("example").asString();
		}
		if (resolved.has("enum")) {
			return resolved.path("enum").path(0).asString();
		}
		return switch (resolved.path("type").asString("string")) {
			case "integer", "number" -> resolved.has("minimum") ? resolved.path("minimum").asString() : "1";
			case "boolean" -> "false";
			default -> switch (resolved.path("format").asString("")) {
				case "date" -> "2016-01-01";
				case "date-time" -> "2016-01-01T00:00:00";
				default -> "x";
			};
		};
	}

	private static Request withPlainBody(JsonNode description, Request request, String bodyType, JsonNode media) {
		JsonNode schema = resolve(description, media.path("schema"));
		String body = isJson(bodyType) ? plainObject(description, schema).toString()
				: formOf(plainForm(description, schema));
		return request.withBodyType(bodyType).withBody(body);
	}

	private static Map<String, String> plainForm(JsonNode description, JsonNode schema) {
		Map<String, String> form = new LinkedHashMap<>();
		resolve(description, schema).path("properties")
			.properties()
			.forEach(property -> form.put(property.getKey(), plain(description, property.getValue())));
		return form;
	}

	private static String formOf(Map<String, String> form) {
		List<String> pairs = new ArrayList<>();
		form.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
		return String.join("&", pairs);
	}

	private static ObjectNode plainObject(JsonNode description, JsonNode schema) {
		ObjectNode object = JSON.createObjectNode();
		resolve(description, schema).path("properties").properties().forEach(property -> {
			JsonNode field = resolve(description, property.getValue());
			switch (field.path("type").asString("string")) {
				case "integer", "number" -> object.set(property.getKey(), number(plain(description, field)));
				case "boolean" -> object.put(property.getKey(), false);
				case "array" -> object.putArray(property.getKey());
				case "object" -> object.putObject(property.getKey());
				default -> object.put(property.getKey(), plain(description, field));
			}
		});
		return object;
	}

	// The value is spliced in as text: a lone surrogate would not survive Jackson's
	// writer.
	private static String withField(ObjectNode body, String field, String value) {
		ObjectNode others = body.deepCopy();
		others.remove(field);
		String rest = others.toString();
		return "{\"" + field + "\":" + value + (rest.equals("{}") ? "}" : "," + rest.substring(1));
	}

	private static JsonNode number(String plain) {
		try {
			JsonNode number = JSON.readTree(plain);
			return number.isNumber() ? number : JSON.getNodeFactory().numberNode(1);
		}
		catch (RuntimeException ex) {
			return JSON.getNodeFactory().numberNode(1);
		}
	}

	private static boolean isJson(String mediaType) {
		return mediaType.contains("json");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	/** One request, with the values of its path variables, query and headers. */
	private record Request(String method, String path, Map<String, String> pathValues,
			List<Map.Entry<String, String>> query, Map<String, String> headers, @Nullable String bodyType,
			@Nullable String body) {

		String target() {
			Matcher variables = PATH_VARIABLE.matcher(this.path);
			StringBuilder target = new StringBuilder();
			while (variables.find()) {
				variables.appendReplacement(target,
						Matcher.quoteReplacement(encode(this.pathValues.getOrDefault(variables.group(1), "1"))));
			}
			variables.appendTail(target);
			String resolved = target.toString().replace("/**", "/x").replace("/*", "/x");
			if (this.query.isEmpty()) {
				return resolved;
			}
			List<String> pairs = new ArrayList<>();
			this.query.forEach(pair -> pairs.add(encode(pair.getKey()) + "=" + encode(pair.getValue())));
			return resolved + "?" + String.join("&", pairs);
		}

		Request withPath(String name, String value) {
			Map<String, String> values = new LinkedHashMap<>(this.pathValues);
			values.put(name, value);
			return new Request(this.method, this.path, values, this.query, this.headers, this.bodyType, this.body);
		}

		Request withQuery(String name, String value) {
			List<Map.Entry<String, String>> values = new ArrayList<>(this.query);
			values.removeIf(pair -> pair.getKey().equals(name));
			values.add(Map.entry(name, value));
			return new Request(this.method, this.path, this.pathValues, values, this.headers, this.bodyType, this.body);
		}

		Request withRepeated(String name, String value) {
			List<Map.Entry<String, String>> values = new ArrayList<>(this.query);
			values.add(Map.entry(name, value));
			return new Request(this.method, this.path, this.pathValues, values, this.headers, this.bodyType, this.body);
		}

		Request withHeader(String name, String value) {
			Map<String, String> values = new LinkedHashMap<>(this.headers);
			values.put(name, value);
			return new Request(this.method, this.path, this.pathValues, this.query, values, this.bodyType, this.body);
		}

		Request withBody(String body) {
			return new Request(this.method, this.path, this.pathValues, this.query, this.headers, this.bodyType, body);
		}

		Request withBodyType(String type) {
			return new Request(this.method, this.path, this.pathValues, this.query, this.headers, type,
					(this.body != null) ? this.body : "{}");
		}

	}

}
