package dev.keel.search;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.Http;
import dev.keel.platform.Http.Reply;
import dev.keel.platform.Writes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls the search tests make, over plain HTTP as any client would, and what the
 * {@code search_items} table holds, to show that a refused request stored nothing.
 */
final class SearchClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final Http http;

	private final String base;

	private final JdbcClient jdbc;

	SearchClient(int port, JdbcClient jdbc) {
		this.http = new Http(port);
		this.base = "http://127.0.0.1:" + port;
		this.jdbc = jdbc;
	}

	/** Empties the table and the search cache, as one write. */
	static void emptyIndex(Writes writes, JdbcClient jdbc, SearchCache cache) {
		writes.commit(evictions -> {
			jdbc.sql("DELETE FROM search_items").update();
			cache.evictAll(evictions);
			return null;
		});
	}

	/**
	 * {@code POST /v1/bulk}; {@code body} is JSON text as is, or an object written as
	 * JSON.
	 */
	Reply bulk(Object body) {
		return bulk("", body);
	}

	/** {@code POST /v1/bulk?query}. */
	Reply bulk(String query, Object body) {
		String json = (body instanceof String text) ? text : JSON.writeValueAsString(body);
		return this.http.postJson("/v1/bulk" + (query.isEmpty() ? "" : "?" + query), json);
	}

	/** {@code POST /v1/bulk} with a body of exactly these bytes and a Content-Length. */
	Reply bulkSized(byte[] body) {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.base + "/v1/bulk"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	/** {@code POST /v1/bulk} chunked: the server learns the size only by reading. */
	Reply bulkChunked(byte[] body) {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.base + "/v1/bulk"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
	}

	/**
	 * A bulk request that must answer 200; its {@code inserted, duplicates, rejected}.
	 */
	JsonNode ingest(Object body) {
		return ingest("", body);
	}

	JsonNode ingest(String query, Object body) {
		Reply reply = bulk(query, body);
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		JsonNode result = reply.json();
		assertThat(result.propertyNames()).containsExactly("inserted", "duplicates", "rejected");
		return result;
	}

	Reply get(String pathAndQuery) {
		return this.http.get(pathAndQuery);
	}

	/** The body of a GET that must answer 200 with JSON. */
	JsonNode ok(String pathAndQuery) {
		Reply reply = get(pathAndQuery);
		assertThat(reply.status()).as("GET %s: %s", pathAndQuery, reply.body()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		return reply.json();
	}

	/** The page {@code GET /v1/?query} answers. */
	JsonNode search(String query) {
		return ok("/v1/" + (query.isEmpty() ? "" : "?" + query));
	}

	/** The titles of every match of {@code query}, in the order listed (at most 100). */
	List<String> titles(String query) {
		JsonNode page = search(query.isEmpty() ? "limit=100" : query + "&limit=100");
		assertThat(page.path("next").isNull()).as("all matches of %s fit one page", query).isTrue();
		List<String> titles = texts(page.path("items"), "title");
		assertThat(page.path("total").asLong()).as("total of %s", query).isEqualTo(titles.size());
		return titles;
	}

	/**
	 * Walks every page of {@code query} by its cursors and returns the items in order.
	 * Each page must hold {@code limit} items but the last, and carry the same total.
	 */
	List<JsonNode> walk(String query, int limit, long total) {
		List<JsonNode> items = new ArrayList<>();
		String prefix = (query.isEmpty() ? "" : query + "&") + "limit=" + limit;
		JsonNode page = search(prefix);
		int pages = 1;
		while (true) {
			assertThat(page.path("total").asLong()).as("total on page %d", pages).isEqualTo(total);
			assertThat(page.path("limit").asInt()).isEqualTo(limit);
			assertThat(page.path("offset").asLong()).isZero();
			page.path("items").forEach(items::add);
			if (page.path("next").isNull()) {
				break;
			}
			assertThat(page.path("items").size()).as("a page before the last is full").isEqualTo(limit);
			assertThat(pages).as("pages of %s", query).isLessThan(1000);
			page = search(prefix + "&cursor=" + encoded(page.path("next").asString()));
			pages++;
		}
		assertThat(pages).as("pages walked").isEqualTo(Math.max(1, (int) ((total + limit - 1) / limit)));
		return items;
	}

	/** The id of the stored item with this title, which must be the only one. */
	long idOf(String title) {
		return this.jdbc.sql("SELECT id FROM search_items WHERE title = :title")
			.param("title", title)
			.query(Long.class)
			.single();
	}

	/** How many items are stored. */
	long stored() {
		return this.jdbc.sql("SELECT COUNT(*) FROM search_items").query(Long.class).single();
	}

	/** The titles stored, in a stable order. */
	List<String> storedTitles() {
		return this.jdbc.sql("SELECT title FROM search_items ORDER BY title, id").query(String.class).list();
	}

	/** Asserts a problem+json answer with this status naming {@code field}. */
	static JsonNode problem(Reply reply, int status, String field) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		JsonNode problem = reply.json();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("detail").asString()).startsWith(field + ":");
		assertThat(problem.path("field").asString()).as(reply.body()).isEqualTo(field);
		return problem;
	}

	/** {@code index:field} of every rejection of a bulk answer, in order. */
	static List<String> rejections(JsonNode rejected) {
		List<String> found = new ArrayList<>();
		rejected.forEach(rejection -> {
			assertThat(rejection.propertyNames()).containsExactly("index", "field", "reason");
			assertThat(rejection.path("reason").asString()).isNotBlank();
			found.add(rejection.path("index").asInt() + ":" + rejection.path("field").asString());
		});
		return found;
	}

	static List<String> texts(JsonNode array, String field) {
		List<String> texts = new ArrayList<>();
		array.forEach(item -> texts.add(item.path(field).asString()));
		return texts;
	}

	static List<Long> ids(JsonNode array) {
		List<Long> ids = new ArrayList<>();
		array.forEach(item -> ids.add(item.path("id").asLong()));
		return ids;
	}

	/** A source record; any of its fields may be null. */
	static Map<String, @Nullable Object> item(@Nullable Object title, @Nullable Object uri, @Nullable Object date) {
		return fields("title", title, "uri", uri, "date", date);
	}

	/** A bulk request body of these records. */
	static Map<String, Object> items(@Nullable Object... records) {
		return Map.of("items", Arrays.asList(records));
	}

	static Map<String, Object> items(List<?> records) {
		return Map.of("items", records);
	}

	/** A JSON object from names and values, which may be null. */
	static Map<String, @Nullable Object> fields(@Nullable Object... namesAndValues) {
		Map<String, @Nullable Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields;
	}

	static String encoded(String queryValue) {
		return URLEncoder.encode(queryValue, StandardCharsets.UTF_8);
	}

}
