package dev.keel.library;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.Writes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls the library tests make, over plain HTTP as any client would, with the headers
 * the catalog's optimistic locking needs ({@code ETag}, {@code If-Match}); and what the
 * catalog's tables hold, to show that a refused write stored nothing.
 */
final class LibraryClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final JdbcClient jdbc;

	LibraryClient(int port, JdbcClient jdbc) {
		this.base = "http://127.0.0.1:" + port;
		this.jdbc = jdbc;
	}

	/** Empties the catalog's tables and its cache, as one write. */
	static void emptyCatalog(Writes writes, JdbcClient jdbc, LibraryCache cache) {
		writes.commit(evictions -> {
			jdbc.sql("DELETE FROM book_authors").update();
			jdbc.sql("DELETE FROM books").update();
			jdbc.sql("DELETE FROM authors").update();
			cache.evictAll(evictions);
			return null;
		});
	}

	Reply get(String pathAndQuery) {
		return send("GET", pathAndQuery, null, null);
	}

	/** {@code body} is JSON text as is, or a map written as JSON. */
	Reply post(String path, Object body) {
		return send("POST", path, body, null);
	}

	Reply put(String path, Object body) {
		return send("PUT", path, body, null);
	}

	Reply put(String path, @Nullable Object body, String ifMatch) {
		return send("PUT", path, body, ifMatch);
	}

	Reply delete(String path) {
		return send("DELETE", path, null, null);
	}

	Reply delete(String path, String ifMatch) {
		return send("DELETE", path, null, ifMatch);
	}

	Reply send(String method, String pathAndQuery, @Nullable Object body, @Nullable String ifMatch) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + pathAndQuery))
			.timeout(Duration.ofSeconds(30));
		if (body != null) {
			String json = (body instanceof String text) ? text : JSON.writeValueAsString(body);
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		try {
			HttpResponse<String> response = this.client.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Reply(response.statusCode(), header(response, "Content-Type"), header(response, "Location"),
					header(response, "ETag"), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Creates an author, which must succeed, and returns its id. */
	long author(String name) {
		return created(post("/authors", fields("name", name)));
	}

	/** Creates an author with a birth date (or none), and returns its id. */
	long author(String name, @Nullable String birthDate) {
		return created(post("/authors", fields("name", name, "birth_date", birthDate)));
	}

	/** Creates a book by these authors, in this order, and returns its id. */
	long book(String title, Long... authorIds) {
		return bookPublishedOn(title, null, authorIds);
	}

	/** Creates a book published on a date (or on none), and returns its id. */
	long bookPublishedOn(String title, @Nullable String publishDate, Long... authorIds) {
		return created(post("/books",
				fields("title", title, "publish_date", publishDate, "author_ids", Arrays.asList(authorIds))));
	}

	private static long created(Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		return reply.json().path("id").asLong();
	}

	/** The ids of a list's items, from a path that must answer 200. */
	List<Long> ids(String pathAndQuery) {
		return ids(ok(pathAndQuery).path("items"));
	}

	/** The body of a GET that must answer 200 with JSON. */
	JsonNode ok(String pathAndQuery) {
		Reply reply = get(pathAndQuery);
		assertThat(reply.status()).as("GET %s: %s", pathAndQuery, reply.body()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		return reply.json();
	}

	static List<Long> ids(JsonNode array) {
		List<Long> ids = new ArrayList<>();
		array.forEach(item -> ids.add(item.path("id").asLong()));
		return ids;
	}

	static List<String> texts(JsonNode array, String field) {
		List<String> texts = new ArrayList<>();
		array.forEach(item -> texts.add(item.path(field).asString()));
		return texts;
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

	/** Every row of the catalog's tables, in a stable order. */
	List<String> stored() {
		List<String> rows = new ArrayList<>();
		rows.addAll(this.jdbc.sql("SELECT id, name, bio, birth_date, version FROM authors ORDER BY id")
			.query((rs, n) -> "author " + rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
					+ rs.getString(4) + " v" + rs.getLong(5))
			.list());
		rows.addAll(this.jdbc.sql("SELECT id, title, description, publish_date, isbn, version FROM books ORDER BY id")
			.query((rs, n) -> "book " + rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
					+ rs.getString(4) + " " + rs.getString(5) + " v" + rs.getLong(6))
			.list());
		rows.addAll(this.jdbc.sql("SELECT book_id, author_id FROM book_authors ORDER BY book_id, position")
			.query((rs, n) -> "book " + rs.getLong(1) + " by " + rs.getLong(2))
			.list());
		return rows;
	}

	/** The authors of a book in the order stored. */
	List<Long> storedAuthorsOf(long bookId) {
		return this.jdbc.sql("SELECT author_id FROM book_authors WHERE book_id = :book ORDER BY position")
			.param("book", bookId)
			.query(Long.class)
			.list();
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse("");
	}

	/** Status, the headers the catalog sets, and body of a response. */
	record Reply(int status, String contentType, String location, String etag, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** Asserts a problem+json answer with this status naming {@code field}. */
		Reply problem(int expectedStatus, String field) {
			assertThat(this.status).as(this.body).isEqualTo(expectedStatus);
			assertThat(this.contentType).startsWith("application/problem+json");
			JsonNode problem = json();
			assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
			assertThat(problem.path("detail").asString()).startsWith(field + ":");
			assertThat(problem.path("field").asString()).isEqualTo(field);
			return this;
		}

		String detail() {
			return json().path("detail").asString();
		}

	}

}
