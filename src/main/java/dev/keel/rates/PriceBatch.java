package dev.keel.rates;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A price batch as {@code /rates/batches} answers it.
 *
 * @param id the batch's id
 * @param state where it is
 * @param rows its rows (for a rejected batch, the rows read)
 * @param receivedAt when its upload began
 * @param appliedAt when it was applied
 * @param applyMs how long applying it took
 * @param errors why it was rejected (the first 100 rows at fault) or failed
 * @param idempotencyKey the {@code Idempotency-Key} it was uploaded with
 */
record PriceBatch(long id, @Schema(allowableValues = {
		"queued", "applying", "applied", "rejected", "failed" }) String state, long rows, OffsetDateTime receivedAt,
		@Nullable OffsetDateTime appliedAt, @Nullable Long applyMs, List<Error> errors,
		@Nullable String idempotencyKey){

	/**
	 * What is wrong with one row, or (without a line) with the batch.
	 *
	 * @param line the row's line, the CSV header being line 1
	 * @param field the field at fault
	 * @param reason what is wrong
	 */
	record Error(@Nullable Long line, @Nullable String field, String reason) {

	}

	boolean rejected() {
		return BatchState.REJECTED.sql().equals(this.state);
	}

}
