package dev.keel.platform;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * 503: a write collided with concurrent writes through every attempt (see
 * {@link Writes}); nothing of it was stored, and the client may send it again.
 */
final class WriteCollided extends FieldProblem {

	WriteCollided() {
		super(HttpStatus.SERVICE_UNAVAILABLE, "this write collided with concurrent writes " + Writes.ATTEMPTS
				+ " times; nothing of it was stored, send it again");
		header(HttpHeaders.RETRY_AFTER, "1");
	}

}
