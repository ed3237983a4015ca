package dev.keel.rates;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits of {@code POST /rates/batches}, set small here: too many rows or bytes give
 * 413, too many batches waiting 429, and none of them stores anything.
 */
@TestPropertySource(properties = { "keel.rates.batches.max-rows=3", "keel.rates.batches.max-waiting=1",
		"keel.rates.batches.max-body-size=1KB" })
abstract class PriceBatchLimitsContract extends PriceBatchFixture {

	@Autowired
	DataSource dataSource;

	@Test
	void moreRowsThanAllowedAreRefusedWholeAndStoreNothing() {
		String rows = "PA000,PB000,2020-03-01,1\nPA000,PB000,2020-03-02,2\nPA000,PB000,2020-03-03,3\n";
		assertProblem(upload("text/csv", HEADER + rows + "PA000,PB000,2020-03-04,4\n", "four"), 413, "body");
		assertProblem(upload("text/csv", HEADER + rows + "PA000,PB000,2020-03-04,-4\n", null), 413, "body");
		assertThat(count("SELECT COUNT(*) FROM rate_batches")).isZero();
		assertThat(count("SELECT COUNT(*) FROM rate_batch_prices")).isZero();
		assertThat(this.http.get("/rates/batches").json().path("total").asLong()).isZero();

		// The key was not taken by the refused upload.
		Http.Reply three = upload("text/csv", HEADER + rows, "four");
		assertThat(three.status()).as(three.body()).isEqualTo(202);
		assertThat(awaitDone(three.json().path("id").asLong()).path("state").asString()).isEqualTo("applied");
		assertThat(count("SELECT COUNT(*) FROM prices WHERE orig_code = 'PA000' AND dest_code = 'PB000'"))
			.isEqualTo(1 + 3);
	}

	@Test
	void aLargerBodyThanAllowedIsRefused() {
		String padded = HEADER + "PA000,PB000,2020-03-02,2\n" + (" ".repeat(99) + "\n").repeat(10);
		assertThat(padded.length()).isGreaterThan(1024);
		Http.Reply reply = upload("text/csv", padded, null);
		assertThat(reply.status()).as(reply.body()).isEqualTo(413);
		assertThat(count("SELECT COUNT(*) FROM rate_batches")).isZero();
		assertThat(count("SELECT COUNT(*) FROM rate_batch_prices")).isZero();
	}

	@Test
	void uploadsAreRefusedWhileTooManyBatchesAreWaiting() throws Exception {
		Http.Reply waiting;
		Http.Reply refused;
		// Holding the apply lock keeps the first batch waiting, whichever instance takes
		// it.
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.executeQuery("SELECT last_position FROM rate_batch_locks WHERE name = 'apply' FOR UPDATE")
					.close();
			}
			try {
				waiting = upload("text/csv", HEADER + "PA000,PB000,2020-03-01,3000\n", null);
				assertThat(waiting.status()).as(waiting.body()).isEqualTo(202);
				refused = upload("text/csv", HEADER + "PA000,PB000,2020-03-02,2\n", "later");
				assertThat(this.http.get("/rates/batches/" + waiting.json().path("id").asLong())
					.json()
					.path("state")
					.asString()).isIn("queued", "applying");
			}
			finally {
				connection.rollback();
			}
		}
		assertProblem(refused, 429, "body");
		assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
		assertThat(count("SELECT COUNT(*) FROM rate_batches")).isEqualTo(1);
		assertThat(awaitDone(waiting.json().path("id").asLong()).path("state").asString()).isEqualTo("applied");

		// The key was not taken by the refused upload.
		Http.Reply accepted = upload("text/csv", HEADER + "PA000,PB000,2020-03-02,2\n", "later");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(awaitDone(accepted.json().path("id").asLong()).path("state").asString()).isEqualTo("applied");
		assertThat(averages(this.http, PA000_TO_PB000)).containsExactly(2000L);
		assertThat(averages(this.http, "/rates?date_from=2020-03-02&date_to=2020-03-02&origin=PA000&destination=PB000"))
			.containsExactly(2L);
	}

}
