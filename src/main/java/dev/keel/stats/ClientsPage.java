package dev.keel.stats;

import java.util.List;

/**
 * The answer of {@code GET /stats/clients/}.
 *
 * @param totalRequests every request counted in the window
 * @param distinctClients how many clients sent them
 * @param limit the page size asked for
 * @param offset how many clients the page skips
 * @param items the page, most requests first, ties by client ascending
 */
record ClientsPage(long totalRequests, long distinctClients, int limit, long offset, List<ClientCount> items) {

	/** How many requests one client sent: an API key's name, or {@code anonymous}. */
	record ClientCount(String client, long count) {

	}

}
