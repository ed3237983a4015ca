package dev.keel.stats;

import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;

/**
 * No run has the id asked for (or it was forgotten, or, without the shared store, started
 * on another instance).
 */
class UnknownTestRun extends FieldProblem {

	UnknownTestRun(String id) {
		super(HttpStatus.NOT_FOUND, "id", "no test run " + id);
	}

}
