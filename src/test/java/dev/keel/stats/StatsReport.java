package dev.keel.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body of {@code GET /stats/} as a client reads it, items in the order received.
 */
record StatsReport(long totalRequests, long distinctUrls, long limit, long offset, List<StatsPage.UrlCount> items) {

	static StatsReport of(Http.Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		JsonNode json = reply.json();
		assertThat(json.propertyNames()).containsExactlyInAnyOrder("total_requests", "distinct_urls", "limit", "offset",
				"items");
		List<StatsPage.UrlCount> items = new ArrayList<>();
		for (JsonNode item : json.required("items")) {
			assertThat(item.propertyNames()).containsExactlyInAnyOrder("url", "count");
			items.add(new StatsPage.UrlCount(item.required("url").asString(), item.required("count").asLong()));
		}
		return new StatsReport(json.required("total_requests").asLong(), json.required("distinct_urls").asLong(),
				json.required("limit").asLong(), json.required("offset").asLong(), items);
	}

	List<String> urls() {
		return this.items.stream().map(StatsPage.UrlCount::url).toList();
	}

	/** Requests per path; fails if a path is listed twice. */
	Map<String, Long> counts() {
		Map<String, Long> counts = new HashMap<>();
		for (StatsPage.UrlCount item : this.items) {
			assertThat(counts.put(item.url(), item.count())).as("%s listed twice", item.url()).isNull();
		}
		return counts;
	}

	static StatsPage.UrlCount count(String url, long count) {
		return new StatsPage.UrlCount(url, count);
	}

}
