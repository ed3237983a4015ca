package dev.keel.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests that talk to the running service as a user would. */
public final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Http(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** {@code http://127.0.0.1:<port>} */
	public String base() {
		return this.base;
	}

	public Reply get(String pathAndQuery) {
		return send(HttpRequest.newBuilder(URI.create(this.base + pathAndQuery)).GET());
	}

	public Reply postJson(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Reply putJson(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	/**
	 * The value of a line of {@code /actuator/prometheus} that starts with {@code series}
	 * (a name, with labels or not), or -1 when there is none.
	 */
	public double metric(String series) {
		Reply reply = get("/actuator/prometheus");
		for (String line : reply.body().split("\n")) {
			if (line.startsWith(series) && line.length() > series.length()
					&& "{ ,}".indexOf(line.charAt(series.length())) >= 0) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return -1;
	}

	public Reply postForm(String path, String form) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	public Reply send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(null), response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Status, content type, location, body and headers of a response. */
	public record Reply(int status, String contentType, String location, String body, HttpHeaders headers) {

		public Reply(int status, String contentType, String location, String body) {
			this(status, contentType, location, body, HttpHeaders.of(Map.of(), (name, value) -> true));
		}

		/** The first value of the header, or null. */
		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** The problem's {@code detail}, failing if this is not a problem+json answer. */
		public String detail() {
			if (!this.contentType.startsWith("application/problem+json")) {
				throw new AssertionError("not a problem (" + this.status + " " + this.contentType + "): " + this.body);
			}
			return json().path("detail").asString();
		}

	}

}
