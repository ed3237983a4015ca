package dev.keel.rates;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.keel.platform.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits of {@code POST /rates/batches}, set small here: too many rows or bytes give
 * 413, too many batches waiting 429, and none of them stores anything. The worker polls
 * rarely, so that a batch made to wait stays waiting.
 */
@TestPropertySource(properties = { "keel.rates.batches.max-rows=3", "keel.rates.batches.max-waiting=1",
		"keel.rates.batches.max-body-size=1KB", "keel.rates.batches.poll-interval=1h" })
abstract class PriceBatchLimitsContract extends PriceBatchFixture {

	@AfterEach
	void removeWaitingBatches() {
		this.jdbc.sql("DELETE FROM rate_batches WHERE state = 'queued' AND row_count = 0").update();
	}

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
	void uploadsWaitWhileTooManyBatchesAreWaiting() {
		this.jdbc.sql("""
				INSERT INTO rate_batches (state, row_count, received_at, errors, attempts, staged)
				VALUES ('queued', 0, :now, '[]', 0, FALSE)
				""").param("now", OffsetDateTime.now()).update();
		Http.Reply refused = upload("text/csv", HEADER + "PA000,PB000,2020-03-02,2\n", "later");
		assertProblem(refused, 429, "body");
		assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
		assertThat(count("SELECT COUNT(*) FROM rate_batches")).isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM rate_batch_prices")).isZero();

		removeWaitingBatches();
		Http.Reply accepted = upload("text/csv", HEADER + "PA000,PB000,2020-03-02,2\n", "later");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(awaitDone(accepted.json().path("id").asLong()).path("state").asString()).isEqualTo("applied");
		assertThat(averages(this.http, "/rates?date_from=2020-03-02&date_to=2020-03-02&origin=PA000&destination=PB000"))
			.containsExactly(2L);
	}

}
