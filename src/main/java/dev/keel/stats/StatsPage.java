package dev.keel.stats;

import java.util.List;

/**
 * The answer of {@code GET /stats/}.
 *
 * @param totalRequests every request counted
 * @param distinctUrls how many paths were counted
 * @param limit the page size asked for
 * @param offset how many paths the page skips
 * @param items the page, most requested first, ties by path ascending
 */
record StatsPage(long totalRequests, long distinctUrls, int limit, long offset, List<UrlCount> items) {

	/** How often one path was requested. */
	record UrlCount(String url, long count) {

	}

}
