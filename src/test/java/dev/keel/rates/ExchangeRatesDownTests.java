package dev.keel.rates;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import dev.keel.platform.Http;
import dev.keel.platform.OnEmbeddedStorage;

import static org.assertj.core.api.Assertions.assertThat;

/** A configured exchange-rate API that does not answer: 502, and nothing stored. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@OnEmbeddedStorage
@TestPropertySource(properties = { "keel.rates.exchange-rates.base-url=http://127.0.0.1:1/api",
		"keel.rates.exchange-rates.app-id=test-app", "keel.rates.exchange-rates.timeout=2s" })
class ExchangeRatesDownTests {

	@LocalServerPort
	int port;

	@Autowired
	RatesImport importer;

	@Autowired
	JdbcClient jdbc;

	@Test
	void answersBadGatewayAndStoresNothing() throws Exception {
		this.importer.load(RatesContract.fixture(), line -> {
		});
		Http.Reply reply = new Http(this.port).postJson("/rates", """
				{"date_from": "2020-05-01", "date_to": "2020-05-02", "origin_code": "PA110",
				 "destination_code": "PB110", "price": 100, "currency": "EUR"}""");
		assertThat(reply.status()).isEqualTo(502);
		assertThat(reply.detail()).startsWith("currency").contains("nothing was stored");
		assertThat(
				this.jdbc.sql("SELECT COUNT(*) FROM prices WHERE day >= DATE '2020-05-01'").query(Long.class).single())
			.isZero();
	}

}
