package dev.keel.library;

import java.util.Collection;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;

/** What can go wrong in the catalog beyond bad input (400, see InvalidInput). */
final class LibraryProblems {

	private LibraryProblems() {
	}

	/** 404: no such author or book. */
	static final class NotFound extends FieldProblem {

		NotFound(String field, String what, long id) {
			super(HttpStatus.NOT_FOUND, field, "no " + what + " " + id);
		}

	}

	/**
	 * 412: the If-Match version is not the current one; nothing changed. The answer
	 * carries the current version's {@code ETag}, so a client can decide without a read.
	 */
	static final class StaleVersion extends FieldProblem {

		StaleVersion(long current) {
			super(HttpStatus.PRECONDITION_FAILED, "If-Match",
					"the resource has changed; its current version is \"" + current + "\"");
			header(HttpHeaders.ETAG, IfMatch.etag(current));
		}

	}

	/** 409: another book has this ISBN. */
	static final class DuplicateIsbn extends FieldProblem {

		DuplicateIsbn(String isbn) {
			super(HttpStatus.CONFLICT, "isbn", isbn + " is the ISBN of another book");
		}

	}

	/** 409: a book cannot lose its last author. */
	static final class LastAuthor extends FieldProblem {

		LastAuthor(long authorId) {
			super(HttpStatus.CONFLICT, "authorId",
					"author " + authorId + " is the book's only author; a book keeps at least one");
		}

	}

	/** 409: a book already has the most authors allowed. */
	static final class TooManyAuthors extends FieldProblem {

		TooManyAuthors() {
			super(HttpStatus.CONFLICT, "authorId", "the book already has " + BookInput.MAX_AUTHORS + " authors");
		}

	}

	/** 422: {@code author_ids} names authors that do not exist. */
	static final class UnknownAuthors extends FieldProblem {

		UnknownAuthors(Collection<Long> ids) {
			this("no author " + ids.stream().sorted().toList());
		}

		UnknownAuthors(String reason) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "author_ids", reason);
		}

	}

}
