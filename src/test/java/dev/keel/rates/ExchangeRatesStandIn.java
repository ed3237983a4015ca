package dev.keel.rates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the openexchangerates.org API on loopback, answering as the test says.
 */
final class ExchangeRatesStandIn {

	private ExchangeRatesStandIn() {
	}

	/** Serves {@code /api/latest.json} with {@code latest}, on a free port. */
	static HttpServer serve(HttpHandler latest) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/api/latest.json", latest);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
