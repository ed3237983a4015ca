package dev.keel.access;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests as the access tests send them: with a key or none, from an address the trusted
 * load balancer names ({@code X-Forwarded-For}, believed from loopback), so each test can
 * be an anonymous client of its own.
 */
final class AccessClient {

	private final Http http;

	AccessClient(int port) {
		this.http = new Http(port);
	}

	static AccessClient of(ApplicationContext application) {
		return new AccessClient(((WebServerApplicationContext) application).getWebServer().getPort());
	}

	Http http() {
		return this.http;
	}

	Call call(String method, String path) {
		return new Call(method, path);
	}

	Call get(String path) {
		return call("GET", path);
	}

	/** A key created through {@code POST /admin/api-keys} with {@code admin}'s key. */
	JsonNode create(String admin, String json) {
		Http.Reply created = call("POST", "/admin/api-keys").key(admin).json(json).send();
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json();
	}

	/** Asserts {@code reply} is a problem of {@code status} naming {@code field}. */
	static void assertProblem(Http.Reply reply, int status, String field) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().path("field").asString()).as(reply.body()).isEqualTo(field);
		assertThat(reply.detail()).startsWith(field + ": ");
	}

	/**
	 * Asserts {@code reply} is the 401 of a missing or invalid key sent in
	 * {@code header}.
	 */
	static void assertUnauthorized(Http.Reply reply, String header) {
		assertProblem(reply, 401, header);
		assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
	}

	/** One request being put together. */
	final class Call {

		private final String method;

		private final String path;

		private final List<String> headers = new ArrayList<>();

		private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

		private Call(String method, String path) {
			this.method = method;
			this.path = path;
		}

		/** Sends {@code secret} as {@code Authorization: Bearer}; null sends no key. */
		Call key(@Nullable String secret) {
			return (secret != null) ? header("Authorization", "Bearer " + secret) : this;
		}

		/** As the load balancer names the client's address. */
		Call from(String address) {
			return header("X-Forwarded-For", address);
		}

		Call header(String name, String value) {
			this.headers.add(name);
			this.headers.add(value);
			return this;
		}

		Call json(String json) {
			return body("application/json", json);
		}

		Call body(String contentType, String content) {
			this.body = HttpRequest.BodyPublishers.ofString(content);
			return header("Content-Type", contentType);
		}

		Http.Reply send() {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(AccessClient.this.http.base() + this.path))
				.method(this.method, this.body);
			for (int i = 0; i < this.headers.size(); i += 2) {
				request.header(this.headers.get(i), this.headers.get(i + 1));
			}
			return AccessClient.this.http.send(request);
		}

	}

}
