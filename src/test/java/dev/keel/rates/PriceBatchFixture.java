package dev.keel.rates;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running service for the batch contracts, and a client: each test starts from
 * {@code fixture.sql} and no batches at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class PriceBatchFixture {

	static final String HEADER = "origin_code,destination_code,day,price\n";

	static final String ROOTS = "/rates?date_from=2020-03-01&date_to=2020-03-01&origin=root_a&destination=root_b";

	static final String PA110_TO_PB110 = "/rates?date_from=2020-03-01&date_to=2020-03-01&origin=PA110&destination=PB110";

	static final String PA000_TO_PB000 = "/rates?date_from=2020-03-01&date_to=2020-03-01&origin=PA000&destination=PB000";

	@LocalServerPort
	int port;

	@Autowired
	RatesImport importer;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void startFromTheFixtureWithoutBatches() throws Exception {
		this.http = new Http(this.port);
		resetBatches(this.jdbc);
		this.importer.load(RatesContract.fixture(), line -> {
		});
	}

	/**
	 * Waits for any batch a test left pending, then deletes every batch: each test counts
	 * its own.
	 */
	static void resetBatches(JdbcClient jdbc) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> count(jdbc, "SELECT COUNT(*) FROM rate_batches WHERE state IN ('queued', 'applying')") == 0);
		jdbc.sql("DELETE FROM rate_batch_prices").update();
		jdbc.sql("DELETE FROM rate_batches").update();
	}

	Http.Reply upload(String contentType, String body, String idempotencyKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.http.base() + "/rates/batches"))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return this.http.send(request);
	}

	/**
	 * A CSV upload whose {@code Idempotency-Key} is sent as these bytes, which Java's
	 * HTTP client cannot do for bytes outside ASCII.
	 */
	Http.Reply uploadWithRawKey(String body, byte[] key) throws IOException {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /rates/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
					+ "Connection: close\r\nContent-Length: " + content.length + "\r\nIdempotency-Key: ")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(key);
			out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.write(content);
			out.flush();
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int status = Integer.parseInt(response.substring(9, 12));
			Matcher type = Pattern.compile("(?im)^Content-Type: *([^\r\n]*)").matcher(response);
			String answer = response.substring(response.indexOf("\r\n\r\n") + 4);
			// A body sent in chunks: the one chunk between its size and its end.
			if (Pattern.compile("(?im)^Transfer-Encoding: *chunked").matcher(response).find()) {
				answer = answer.substring(answer.indexOf("\r\n") + 2, answer.lastIndexOf("\r\n0\r\n"));
			}
			return new Http.Reply(status, type.find() ? type.group(1) : "", null, answer);
		}
	}

	/** The batch once it is no longer queued nor applying. */
	JsonNode awaitDone(long id) {
		JsonNode[] batch = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
			Http.Reply reply = this.http.get("/rates/batches/" + id);
			assertThat(reply.status()).as(reply.body()).isEqualTo(200);
			batch[0] = reply.json();
			return !Set.of("queued", "applying").contains(batch[0].path("state").asString());
		});
		return batch[0];
	}

	long count(String sql) {
		return count(this.jdbc, sql);
	}

	static long count(JdbcClient jdbc, String sql) {
		Long count = jdbc.sql(sql).query(Long.class).single();
		return (count != null) ? count : 0;
	}

	static List<Long> averages(Http http, String pathAndQuery) {
		Http.Reply reply = http.get(pathAndQuery);
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		List<Long> prices = new ArrayList<>();
		reply.json()
			.forEach(day -> prices.add(day.path("average_price").isNull() ? null : day.path("average_price").asLong()));
		return prices;
	}

	static void assertProblem(Http.Reply reply, int status, String field) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.detail()).startsWith(field + ":");
		assertThat(reply.json().path("field").asString()).isEqualTo(field);
	}

}
