package dev.keel.stats;

import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;

/** {@code keel.stats.test-runs.max-active} runs are going already. Answered 429. */
class TooManyTestRuns extends FieldProblem {

	TooManyTestRuns(int maxActive) {
		super(HttpStatus.TOO_MANY_REQUESTS, "already " + maxActive
				+ " runs in progress (keel.stats.test-runs.max-active); start this one when one has finished");
	}

}
