package dev.keel;

import java.util.List;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.Http;
import dev.keel.platform.OnPostgresAndRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From PostgreSQL (counts in Redis) into an embedded H2 file, which an embedded Keel then
 * serves: what the copy kept answers there as it does here.
 */
@OnPostgresAndRedis
class CopySampleFromPostgresTests extends CopySampleContract {

	@Override
	String targetUrl() {
		return "jdbc:h2:file:" + this.files.resolve("copy") + ";NON_KEYWORDS=DAY";
	}

	@Override
	void emptyTarget() {
		// A new folder for each test.
	}

	@Override
	void answersOnTheCopy(JdbcClient target) {
		List<Object> lane = rows(target,
				"SELECT orig_code, dest_code, MIN(day) FROM prices GROUP BY orig_code, dest_code ORDER BY 1, 2")
			.getFirst();
		String rates = "/rates?date_from=" + lane.get(2) + "&date_to=" + lane.get(2) + "&origin=" + lane.get(0)
				+ "&destination=" + lane.get(1);
		long author = target.sql("SELECT MIN(id) FROM authors").query(Long.class).single();
		long book = target.sql("SELECT MIN(id) FROM books").query(Long.class).single();
		long item = target.sql("SELECT MIN(id) FROM search_items").query(Long.class).single();
		Http here = new Http(this.port);
		try (ConfigurableApplicationContext copy = new SpringApplicationBuilder(KeelApplication.class)
			.web(WebApplicationType.SERVLET)
			.run("--server.port=0", "--spring.datasource.url=" + targetUrl())) {
			Http there = new Http(((WebServerApplicationContext) copy).getWebServer().getPort());
			for (String path : List.of(rates, "/authors/" + author, "/books/" + book, "/v1/" + item)) {
				Http.Reply answer = there.get(path);
				assertThat(answer.status()).as(path).isEqualTo(200);
				assertThat(answer.json()).as(path).isEqualTo(here.get(path).json());
			}
			JsonNode found = there.get("/v1/?contains=harbour&limit=1").json();
			assertThat(found.path("total").asLong())
				.isEqualTo(target.sql("SELECT COUNT(*) FROM search_items WHERE folded_title LIKE '%harbour%'")
					.query(Long.class)
					.single());
			JsonNode readme = there
				.get("/rates?date_from=2016-01-01&date_to=2016-01-10&origin=CNSGH&destination=north_europe_main")
				.json();
			assertThat(readme).hasSize(10);
			JsonNode top = there.get("/stats/?limit=1").json().path("items").get(0);
			assertThat(top.path("url").asString()).isEqualTo("/api/copy/a/");
			assertThat(top.path("count").asLong()).isEqualTo(3);
		}
	}

}
