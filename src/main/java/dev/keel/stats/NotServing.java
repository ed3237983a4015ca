package dev.keel.stats;

import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;

/** A run was asked for while the web server is starting or stopping. Answered 503. */
class NotServing extends FieldProblem {

	NotServing() {
		super(HttpStatus.SERVICE_UNAVAILABLE, "the service is starting or stopping; no test run can start now");
	}

}
