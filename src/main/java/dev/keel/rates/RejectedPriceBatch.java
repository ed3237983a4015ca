package dev.keel.rates;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Documentation only: the problem {@link BatchProblems.Rejected} answers (422), a problem
 * with the rejected batch's fields added.
 *
 * @param title the status's reason phrase
 * @param status 422
 * @param detail what is wrong
 * @param instance the path of the request
 * @param field {@code body}
 * @param id the batch's id
 * @param state {@code rejected}
 * @param rows the rows read
 * @param receivedAt when the upload began
 * @param appliedAt always null
 * @param applyMs always null
 * @param errors the first 100 errors
 * @param idempotencyKey the {@code Idempotency-Key} sent
 */
@Schema(description = "A problem (RFC 9457) carrying a price batch rejected for its rows")
record RejectedPriceBatch(String title, int status, String detail, @Nullable String instance, String field, long id,
		String state, long rows, OffsetDateTime receivedAt, @Nullable OffsetDateTime appliedAt, @Nullable Long applyMs,
		List<PriceBatch.Error> errors, @Nullable String idempotencyKey) {

}
