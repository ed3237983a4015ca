package dev.keel.search;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Documentation only: the problem {@link SearchProblems.RejectedAtomically} answers
 * (422), a problem with the rejected records added.
 *
 * @param title the status's reason phrase
 * @param status 422
 * @param detail how many records were rejected
 * @param instance the path of the request
 * @param field {@code items}
 * @param rejected one entry per rejected record, as in a 200 answer
 */
@Schema(description = "A problem (RFC 9457) listing the rejected records of an atomic ingest")
record RejectedBatch(String title, int status, String detail,
		@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @Nullable String instance, String field,
		List<Rejection> rejected) {

}
