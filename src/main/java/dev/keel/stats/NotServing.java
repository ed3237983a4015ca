package dev.keel.stats;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A run was asked for while the web server is starting or stopping. Answered 503. */
class NotServing extends ErrorResponseException {

	NotServing() {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"the service is starting or stopping; no test run can start now"), null);
	}

}
