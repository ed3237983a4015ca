package dev.keel.stats;

import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;

/** The count store did not answer; the report or reset cannot be given. Answered 503. */
class StatsUnavailable extends FieldProblem {

	StatsUnavailable(Exception cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, null,
				"the request counts are unreachable at the moment; try again shortly", cause);
	}

}
