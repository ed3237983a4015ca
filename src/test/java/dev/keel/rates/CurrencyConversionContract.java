package dev.keel.rates;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Currency;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Non-USD uploads, converted by the real HTTP client against a local stand-in for the
 * openexchangerates.org API; nothing leaves the machine. Run on both storages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class CurrencyConversionContract {

	static final AtomicInteger requests = new AtomicInteger();

	static final AtomicReference<String> answer = new AtomicReference<>();

	static final AtomicInteger status = new AtomicInteger(200);

	// One stand-in for the whole test run: every Spring context of these tests points at
	// it.
	static final HttpServer exchange = start();

	@LocalServerPort
	int port;

	@Autowired
	RatesImport importer;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void exchangeRatesApi(DynamicPropertyRegistry registry) {
		registry.add("keel.rates.exchange-rates.base-url",
				() -> "http://127.0.0.1:" + exchange.getAddress().getPort() + "/api");
		registry.add("keel.rates.exchange-rates.app-id", () -> "test-app");
	}

	@BeforeEach
	void reset() throws Exception {
		this.importer.load(RatesContract.fixture(), line -> {
		});
		status.set(200);
		answer.set("""
				{"disclaimer": "test", "timestamp": 1700000000, "base": "USD",
				 "rates": {"EUR": 0.8, "NOK": 10.5, "USD": 1}}""");
	}

	@Test
	void convertsToWholeDollarsAndFetchesRatesOncePerDay() {
		Http http = new Http(this.port);
		// 100 EUR at 0.8 per USD is 125 USD; 1000 NOK at 10.5 is 95.24, rounded to 95.
		Http.Reply euros = http.postJson("/rates", upload(100, "eur"));
		assertThat(euros.status()).as(euros.body()).isEqualTo(201);
		assertThat(euros.json().path("price_usd").asLong()).isEqualTo(125);
		int fetched = requests.get();
		Http.Reply kroner = http.postJson("/rates", upload(1000, "NOK"));
		assertThat(kroner.json().path("price_usd").asLong()).isEqualTo(95);
		assertThat(requests.get()).as("rates are fetched once a day").isEqualTo(fetched);
		assertThat(this.jdbc.sql("SELECT price FROM prices WHERE day = DATE '2020-05-01' ORDER BY price")
			.query(Integer.class)
			.list()).containsExactly(95, 125);
	}

	@Test
	void refusesACurrencyTheApiDoesNotKnow() {
		Http.Reply reply = new Http(this.port).postJson("/rates", upload(100, "JPY"));
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.detail()).startsWith("currency").contains("JPY");
	}

	@Test
	void failsAsUnavailableWhenTheApiAnswersAnError() {
		status.set(500);
		answer.set("{\"error\": true}");
		ExchangeRates rates = new ExchangeRates(
				new RatesProperties(366, true,
						new RatesProperties.ExchangeRates(
								URI.create("http://127.0.0.1:" + exchange.getAddress().getPort() + "/api"), "test-app",
								Duration.ofSeconds(2)),
						new RatesProperties.Batches(RatesProperties.Batches.Queue.DATABASE, 1, DataSize.ofMegabytes(1),
								1, 1, 1, 1, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1))),
				RestClient.builder());
		assertThatThrownBy(() -> rates.toUsd(BigDecimal.TEN, Currency.getInstance("EUR")))
			.isInstanceOf(ExchangeRatesUnavailable.class);
	}

	private static String upload(int price, String currency) {
		return """
				{"date_from": "2020-05-01", "date_to": "2020-05-01", "origin_code": "PA110",
				 "destination_code": "PB110", "price": %d, "currency": "%s"}""".formatted(price, currency);
	}

	private static HttpServer start() {
		return ExchangeRatesStandIn.serve(exchange -> {
			requests.incrementAndGet();
			boolean authorised = "app_id=test-app".equals(exchange.getRequestURI().getQuery());
			byte[] body = (authorised ? answer.get() : "{\"error\": \"invalid_app_id\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(authorised ? status.get() : 401, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
	}

}
