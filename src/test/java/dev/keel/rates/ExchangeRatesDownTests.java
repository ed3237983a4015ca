package dev.keel.rates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.keel.platform.Http;
import dev.keel.platform.OnEmbeddedStorage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configured exchange-rate API that fails, through a local stand-in: 502, nothing
 * stored, and the API's internal address (with its app id) only in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@OnEmbeddedStorage
@ExtendWith(OutputCaptureExtension.class)
class ExchangeRatesDownTests {

	// 0: the stand-in closes the connection without answering.
	static final AtomicInteger status = new AtomicInteger();

	static final HttpServer exchange = start();

	@LocalServerPort
	int port;

	@Autowired
	RatesImport importer;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void exchangeRatesApi(DynamicPropertyRegistry registry) {
		registry.add("keel.rates.exchange-rates.base-url", () -> internalUrl() + "/api");
		registry.add("keel.rates.exchange-rates.app-id", () -> "secret-app-id");
		registry.add("keel.rates.exchange-rates.timeout", () -> "2s");
	}

	@AfterAll
	static void stop() {
		exchange.stop(0);
	}

	@Test
	void aBadGatewayIsAnsweredWithoutTheApisAddress(CapturedOutput log) throws Exception {
		status.set(502);
		Http.Reply reply = upload();
		assertThat(reply.status()).isEqualTo(502);
		assertThat(reply.detail()).isEqualTo(
				"currency: conversion rates are unavailable right now (the exchange-rate API answered 502); nothing was stored");
		assertThat(reply.body()).doesNotContain(internalUrl(), "latest.json", "secret-app-id");
		assertThat(log).contains(internalUrl() + "/api/latest.json").doesNotContain("secret-app-id");
		assertNothingStored();
	}

	@Test
	void anApiThatDoesNotAnswerIsABadGatewayToo() throws Exception {
		status.set(0);
		Http.Reply reply = upload();
		assertThat(reply.status()).isEqualTo(502);
		assertThat(reply.detail()).startsWith("currency")
			.contains("the exchange-rate API did not answer")
			.contains("nothing was stored");
		assertThat(reply.body()).doesNotContain(internalUrl(), "secret-app-id");
		assertNothingStored();
	}

	private Http.Reply upload() throws IOException {
		this.importer.load(RatesContract.fixture(), line -> {
		});
		return new Http(this.port).postJson("/rates", """
				{"date_from": "2020-05-01", "date_to": "2020-05-02", "origin_code": "PA110",
				 "destination_code": "PB110", "price": 100, "currency": "EUR"}""");
	}

	private void assertNothingStored() {
		assertThat(
				this.jdbc.sql("SELECT COUNT(*) FROM prices WHERE day >= DATE '2020-05-01'").query(Long.class).single())
			.isZero();
	}

	private static String internalUrl() {
		return "http://127.0.0.1:" + exchange.getAddress().getPort();
	}

	private static HttpServer start() {
		return ExchangeRatesStandIn.serve(exchange -> {
			if (status.get() == 0) {
				exchange.close();
				return;
			}
			byte[] body = "<html>upstream gone</html>".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status.get(), body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
	}

}
