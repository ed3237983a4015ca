package dev.keel.stats;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The count store did not answer; the report or reset cannot be given. Answered 503. */
class StatsUnavailable extends ErrorResponseException {

	StatsUnavailable(Exception cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"the request counts are unreachable at the moment; try again shortly"), cause);
	}

}
