package dev.keel.platform;

import org.springframework.http.HttpStatus;

/**
 * 503: the commit of a write failed (the database connection broke during it), so the
 * write may or may not have been stored; the client should read before sending it again.
 */
final class WriteOutcomeUnknown extends FieldProblem {

	WriteOutcomeUnknown(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, null,
				"the database failed while committing this write, which may have been stored: "
						+ "read before sending it again",
				cause);
	}

}
