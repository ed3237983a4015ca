package dev.keel.search;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.Writes;

/**
 * The running service and a client for the search contract, each test on an empty index.
 * The request limits are set low, so that a test crosses them with a few records and
 * kilobytes rather than 100,000 records and 50 MB: the sample file (100 records, 15 KB)
 * fits both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "keel.search.max-items=" + SearchFixture.MAX_ITEMS,
				"keel.search.max-body-size=" + SearchFixture.MAX_BODY_KB + "KB" })
abstract class SearchFixture {

	static final int MAX_ITEMS = 120;

	static final int MAX_BODY_KB = 64;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SearchCache cache;

	@Autowired
	Writes writes;

	SearchClient search;

	@BeforeEach
	void startFromAnEmptyIndex() {
		SearchClient.emptyIndex(this.writes, this.jdbc, this.cache);
		this.search = new SearchClient(this.port, this.jdbc);
	}

}
