package dev.keel.stats;

import java.net.URI;
import java.net.http.HttpRequest;

import org.springframework.context.ConfigurableApplicationContext;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;

/** The calls the stats tests make, over plain HTTP as any client would. */
final class StatsClient {

	private final Http http;

	private final String base;

	StatsClient(int port) {
		this.http = new Http(port);
		this.base = "http://127.0.0.1:" + port;
	}

	/** A client of an application started by the test itself. */
	static StatsClient of(ConfigurableApplicationContext application) {
		return new StatsClient(Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port")));
	}

	Http.Reply get(String pathAndQuery) {
		return this.http.get(pathAndQuery);
	}

	Http.Reply send(String method, String pathAndQuery) {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.base + pathAndQuery))
			.method(method, HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * The whole report, in one page of the largest size allowed; its items add up to its
	 * totals.
	 */
	StatsReport report() {
		StatsReport report = report("?limit=10000");
		assertThat(report.items()).as("fits in one page").hasSizeLessThan(10_000);
		assertThat(report.items().stream().mapToLong(StatsPage.UrlCount::count).sum()).as("sum of the counts")
			.isEqualTo(report.totalRequests());
		assertThat(report.items()).as("paths listed").hasSize((int) report.distinctUrls());
		return report;
	}

	StatsReport report(String query) {
		return StatsReport.of(get("/stats/" + query));
	}

	/** {@code DELETE /stats/}, which must succeed. */
	void reset() {
		Http.Reply reply = send("DELETE", "/stats/");
		assertThat(reply.status()).as(reply.body()).isEqualTo(204);
	}

	/**
	 * A meter's value as {@code /actuator/prometheus} shows it (Actuator's requests are
	 * not counted), or -1 when the meter is not listed.
	 */
	double metric(String name) {
		Http.Reply reply = get("/actuator/prometheus");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		for (String line : reply.body().split("\n")) {
			if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return -1;
	}

}
