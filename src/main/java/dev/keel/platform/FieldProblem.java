package dev.keel.platform;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A failure that a module names and that leaves as a problem with the status given, a
 * {@code detail} starting with the field at fault, and that field as {@code field}.
 * Modules subclass it with names that say what went wrong ({@code StaleVersion}).
 */
public class FieldProblem extends ErrorResponseException {

	public FieldProblem(HttpStatus status, String field, String reason) {
		super(status, problem(status, field, reason), null);
	}

	private static ProblemDetail problem(HttpStatus status, String field, String reason) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, field + ": " + reason);
		problem.setProperty("field", field);
		return problem;
	}

}
