package dev.keel.platform;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 503: a write collided with concurrent writes through every attempt (see
 * {@link Writes}); nothing of it was stored, and the client may send it again.
 */
final class WriteCollided extends ErrorResponseException {

	WriteCollided() {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
						"this write collided with concurrent writes " + Writes.ATTEMPTS
								+ " times; nothing of it was stored, send it again"),
				null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
