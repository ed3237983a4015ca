package dev.keel.platform;

import java.util.Objects;

import org.springframework.http.HttpStatus;

/**
 * A request parameter, header or body field that breaks a rule: the 400 kind of
 * {@link FieldProblem}, answered with a problem whose {@code detail} starts with the
 * field's name.
 */
public class InvalidInput extends FieldProblem {

	public InvalidInput(String field, String reason) {
		super(HttpStatus.BAD_REQUEST, field, reason);
	}

	@Override
	public String field() {
		return Objects.requireNonNull(super.field());
	}

}
