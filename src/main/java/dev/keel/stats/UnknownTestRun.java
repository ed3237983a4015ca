package dev.keel.stats;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No run has the id asked for (or it was forgotten, or started on another instance). */
class UnknownTestRun extends ErrorResponseException {

	UnknownTestRun(String id) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "id: no test run " + id),
				null);
	}

}
