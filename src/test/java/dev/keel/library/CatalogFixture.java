package dev.keel.library;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.Writes;

/**
 * The running service and a client for the library contracts, each test on an empty
 * catalog.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class CatalogFixture {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LibraryCache cache;

	@Autowired
	Writes writes;

	LibraryClient library;

	@BeforeEach
	void startFromAnEmptyCatalog() {
		LibraryClient.emptyCatalog(this.writes, this.jdbc, this.cache);
		this.library = new LibraryClient(this.port, this.jdbc);
	}

}
