package dev.keel.platform;

/**
 * A request parameter or body field that breaks a rule. Answered with 400 and a problem
 * whose {@code detail} starts with the field's name.
 */
public class InvalidInput extends RuntimeException {

	private final String field;

	public InvalidInput(String field, String reason) {
		super(field + ": " + reason);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
