package dev.keel.platform;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure a client can provoke, from Tomcat's parser to Jackson, answers as
 * problem+json with the right status and no stack trace; the operational endpoints answer
 * too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@OnEmbeddedStorage
class HttpErrorsTests {

	private static final String UPLOAD = """
			{"date_from": "2016-01-01", "date_to": "2016-01-02", "origin_code": "CNSGH",
			 "destination_code": "NLRTM", "price": 100%s}""";

	@LocalServerPort
	int port;

	private Http http;

	@BeforeEach
	void connect() {
		this.http = new Http(this.port);
	}

	@Test
	void unknownPathIsNotFound() {
		Http.Reply reply = problem(this.http.get("/no/such/thing"), 404);

		assertThat(reply.detail()).contains("/no/such/thing");
	}

	// Jackson's YAML module is on the class path (springdoc); its converter would read a
	// body with none of the JSON rules, and a PUT could erase fields it did not name.
	@Test
	void bodiesInOtherFormatsThanJsonAreUnsupported() {
		for (String type : new String[] { "application/yaml", "application/xml", "application/cbor" }) {
			Http.Reply reply = problem(this.http.send(request("/authors").header("Content-Type", type)
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("name: Z"))), 415);
			assertThat(reply.detail()).endsWith("send application/json, application/*+json");
		}
	}

	@Test
	void wrongMethodIsMethodNotAllowed() {
		problem(this.http.send(request("/rates").DELETE()), 405);
	}

	@Test
	void queryStringOverTheUriLimitIsUriTooLong() {
		Http.Reply reply = problem(this.http.get("/rates?origin=" + "x".repeat(8200)), 414);

		assertThat(reply.detail()).startsWith("path");
	}

	@Test
	void headersOverTomcatsLimitAreABadRequestProblem() {
		Http.Reply reply = problem(this.http.send(request("/rates").header("X-Padding", "x".repeat(70_000)).GET()),
				400);

		assertThat(reply.detail()).contains("too large");
	}

	@Test
	void requestLineOverTomcatsLimitIsABadRequestProblem() {
		Http.Reply reply = problem(this.http.get("/rates?origin=" + "x".repeat(70_000)), 400);

		assertThat(reply.detail()).contains("too large");
	}

	@Test
	void declaredBodyOverTheLimitIsContentTooLarge() {
		problem(this.http.postJson("/rates", oversizedJson()), 413);
	}

	@Test
	void chunkedBodyOverTheLimitIsContentTooLarge() {
		byte[] body = oversizedJson().getBytes(StandardCharsets.UTF_8);

		Http.Reply reply = problem(this.http.send(request("/rates").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))), 413);

		assertThat(reply.detail()).contains("exceeds the limit");
	}

	@Test
	void malformedJsonIsABadRequestAboutTheBody() {
		Http.Reply reply = problem(this.http.postJson("/rates", "{\"date_from\": \"2016-01-01\", "), 400);

		assertThat(reply.detail()).startsWith("body");
	}

	@Test
	void unknownJsonFieldIsABadRequestNamingTheField() {
		Http.Reply reply = problem(this.http.postJson("/rates", UPLOAD.formatted(", \"colour\": \"red\"")), 400);

		assertThat(reply.detail()).startsWith("colour");
		assertThat(reply.json().path("field").asString()).isEqualTo("colour");
	}

	@Test
	void wronglyTypedJsonFieldIsABadRequestNamingTheField() {
		Http.Reply reply = problem(this.http.postJson("/rates", UPLOAD.formatted("").replace("100", "\"abc\"")), 400);

		assertThat(reply.detail()).startsWith("price");
		assertThat(reply.json().path("field").asString()).isEqualTo("price");
	}

	@Test
	void jsonFailuresAreToldInTheApisTermsWithoutJavaTypesOrJacksonSettings() {
		assertThat(problem(this.http.postJson("/authors", "{\"name\":\"a\"} {}"), 400).detail())
			.isEqualTo("body: goes on after its JSON value (line 1, column 14)");
		assertThat(problem(this.http.postJson("/authors", "[1]"), 400).detail())
			.isEqualTo("body: must be a JSON object");
		assertThat(problem(this.http.postJson("/authors", "{\"name\":\"a\""), 400).detail())
			.isEqualTo("body: the JSON ends before it is complete");
		assertThat(problem(this.http.postJson("/books", "{\"title\":\"t\",\"author_ids\":{\"a\":1}}"), 400).detail())
			.isEqualTo("author_ids: has the wrong type, expected array");
		assertThat(problem(this.http.postJson("/authors", "{\"bio\":1" + "0".repeat(3000) + "}"), 400).detail())
			.isEqualTo("body: holds a number with too many digits");
		String deep = "[".repeat(1200) + "]".repeat(1200);
		assertThat(problem(this.http.postJson("/v1/bulk", "{\"items\":[{\"title\":" + deep + "}]}"), 400).detail())
			.isEqualTo("items: the JSON is nested too deeply");
	}

	@Test
	void aDateInJsonIsAStringAndNothingElse() {
		assertThat(problem(this.http.postJson("/authors", "{\"name\":\"a\",\"birth_date\":[]}"), 400).detail())
			.isEqualTo("birth_date: has the wrong type, expected date (YYYY-MM-DD)");
		problem(this.http.postJson("/authors", "{\"name\":\"a\",\"birth_date\":[1929,10,21]}"), 400);
		assertThat(
				problem(this.http.postJson("/authors", "{\"name\":\"a\",\"birth_date\":\"1929-1-1\"}"), 400).detail())
			.isEqualTo("birth_date: '1929-1-1' is not a valid date (YYYY-MM-DD)");
	}

	@Test
	void textsWithUPlus0000OrALoneSurrogateAreRefusedNamingTheField() {
		assertThat(problem(this.http.postJson("/authors", "{\"name\":\"a\\ud800b\"}"), 400).detail())
			.isEqualTo("name: is not valid Unicode (it holds half of a surrogate pair)");
		assertThat(
				problem(this.http.postJson("/rates", UPLOAD.formatted("").replace("CNSGH", "CN\\u0000")), 400).detail())
			.isEqualTo("origin_code: holds the character U+0000");
		assertThat(problem(this.http.get("/v1/?contains=a%00"), 400).detail())
			.isEqualTo("contains: holds the character U+0000");
	}

	@Test
	void idsTakeAsciiDigitsOnly() {
		for (String id : new String[] { "+2", "0x1", "%EF%BC%92", "%231" }) {
			Http.Reply reply = problem(this.http.get("/books/" + id), 400);
			assertThat(reply.json().path("field").asString()).isEqualTo("id");
			assertThat(reply.detail()).endsWith("is not a whole number of at most 18 digits 0-9");
		}
		// Beyond a long, and as many digits as the query parameters take, alike.
		assertThat(problem(this.http.get("/books/9999999999999999999"), 400).detail())
			.isEqualTo("id: '9999999999999999999' is not a whole number of at most 18 digits 0-9");
		assertThat(problem(this.http.get("/books?author_id=1000000000000000000"), 400).detail()).contains("author_id");
		problem(this.http.get("/books/1000000000000000000"), 400);
		problem(this.http.get("/books/2"), 404);
	}

	@Test
	void aParameterGivenTwiceOrUnknownIsRefusedOnEveryEndpoint() {
		assertThat(problem(this.http.get("/authors?limit=1&limit=zzz"), 400).detail())
			.isEqualTo("limit: is given more than once; give it once");
		assertThat(problem(this.http.get("/books/1?limit=1"), 400).detail())
			.isEqualTo("limit: unknown parameter; this endpoint takes none");
		assertThat(problem(this.http.postJson("/authors?colour=red", "{\"name\":\"a\"}"), 400).detail())
			.startsWith("colour: unknown parameter");
	}

	@Test
	void aBodyTypeThatIsNoMediaTypeIsUnsupportedNamingContentType() {
		for (String type : new String[] { "*/*", "multipart/form-data", "application/*", "no type" }) {
			Http.Reply reply = problem(this.http.send(request("/authors").header("Content-Type", type)
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"a\"}"))), 415);
			assertThat(reply.json().path("field").asString()).isEqualTo("Content-Type");
			assertThat(reply.json().path("instance").asString()).isEqualTo("/authors");
		}
	}

	@Test
	void anUnparsableAcceptStillGetsTheProblem() {
		Http.Reply reply = problem(this.http.send(request("/books/999999").header("Accept", "garbage///").GET()), 404);

		assertThat(reply.detail()).isEqualTo("id: no book 999999");
	}

	@Test
	void anAcceptWithoutJsonStillGetsTheProblem() {
		Http.Reply reply = problem(this.http.send(request("/books/999999").header("Accept", "image/png").GET()), 404);

		assertThat(reply.detail()).isEqualTo("id: no book 999999");
	}

	@Test
	void healthIsUpAndReportsTheDatabase() {
		Http.Reply reply = this.http.get("/actuator/health");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("status").asString()).isEqualTo("UP");
		assertThat(reply.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
	}

	@Test
	void prometheusScrapeIsText() {
		Http.Reply reply = this.http.get("/actuator/prometheus");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("text/plain");
		assertThat(reply.body()).contains("keel_cache_gets_total");
	}

	@Test
	void openApiDescribesRates() {
		Http.Reply reply = this.http.get("/v3/api-docs");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		assertThat(reply.json().path("paths").has("/rates")).isTrue();
	}

	@Test
	void docsRedirectToSwaggerUi() {
		Http.Reply reply = this.http.get("/docs");

		assertThat(reply.status()).isBetween(300, 399);
		assertThat(reply.location()).contains("swagger-ui");
	}

	/**
	 * Asserts that {@code reply} is a problem with {@code status} and tells nothing of
	 * the server's insides.
	 */
	private static Http.Reply problem(Http.Reply reply, int status) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.contentType()).as(reply.body()).startsWith("application/problem+json");
		assertThat(reply.json().path("status").asInt()).isEqualTo(status);
		assertThat(reply.body()).doesNotContain("Exception", "at dev.", "at org.", "<html");
		return reply;
	}

	/**
	 * Valid JSON up to where the size limit strikes, so that only the size is at fault.
	 */
	private static String oversizedJson() {
		return "{\"date_from\":\"" + "1".repeat(2 * 1024 * 1024) + "\"}";
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

}
