package dev.keel.stats;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;

/**
 * A run that this instance does not hold was asked for, and the store that every instance
 * writes its runs to did not answer. Answered 503.
 */
class TestRunsUnreachable extends FieldProblem {

	TestRunsUnreachable(Exception cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, null,
				"test runs started on other instances are unreachable at the moment; try again shortly", cause);
		header(HttpHeaders.RETRY_AFTER, "1");
	}

}
