package dev.keel.search;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;

/** What can go wrong in the search API beyond bad input (400, see InvalidInput). */
final class SearchProblems {

	private SearchProblems() {
	}

	/** 404: no item with this id. */
	static final class NotFound extends FieldProblem {

		NotFound(long id) {
			super(HttpStatus.NOT_FOUND, "id", "no item " + id);
		}

	}

	/** 413: more records in one request than allowed; nothing stored. */
	static final class TooManyItems extends FieldProblem {

		TooManyItems(int max) {
			super(HttpStatus.CONTENT_TOO_LARGE, "items",
					"more than " + max + " records in one request; nothing stored");
		}

	}

	/** 422: an atomic request with rejected records; nothing stored. */
	static final class RejectedAtomically extends FieldProblem {

		RejectedAtomically(List<Rejection> rejected) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "items",
					rejected.size() + " records rejected and the request is atomic; nothing stored");
			property("rejected", rejected);
		}

	}

}
