package dev.keel.library;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.keel.platform.InvalidInput;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The body of {@code POST /books} and {@code PUT /books/{id}}: {@code author_ids} (1 to
 * 20, in order), or a single {@code author_id}.
 */
record BookInput(
		@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 500,
				description = "1 to 500 characters once trimmed") @Nullable String title,
		@Schema(maxLength = 10_000) @Nullable String description,
		@Schema(description = "not in the future (UTC+14)") @Nullable LocalDate publishDate,
		@Schema(description = "an ISBN-10 or ISBN-13 with a valid check digit, hyphens and spaces allowed; stored "
				+ "as ISBN-13, unique", example = "0-06-051275-X") @Nullable String isbn,
		@ArraySchema(minItems = 1, maxItems = MAX_AUTHORS, uniqueItems = true,
				arraySchema = @Schema(
						description = "the authors in order; or author_id")) @Nullable List<Long> authorIds,
		@Schema(description = "the one author, instead of author_ids") @Nullable Long authorId) {

	static final int MAX_AUTHORS = 20;

	/** A book with every rule checked, ready to store. */
	record Valid(String title, @Nullable String description, @Nullable LocalDate publishDate, @Nullable String isbn,
			List<Long> authorIds) {

	}

	Valid validate() {
		return new Valid(Texts.required(this.title, "title", 500),
				Texts.optional(this.description, "description", 10_000),
				Texts.notFuture(this.publishDate, "publish_date"),
				(this.isbn != null) ? Isbn.normalize(this.isbn) : null, authors());
	}

	private List<Long> authors() {
		if (this.authorIds != null && this.authorId != null) {
			throw new InvalidInput("author_ids", "give author_ids or author_id, not both");
		}
		List<Long> ids = (this.authorId != null) ? List.of(this.authorId) : this.authorIds;
		if (ids == null || ids.isEmpty()) {
			throw new InvalidInput("author_ids", "a book needs 1 to " + MAX_AUTHORS + " authors");
		}
		if (ids.size() > MAX_AUTHORS) {
			throw new InvalidInput("author_ids", "a book has at most " + MAX_AUTHORS + " authors");
		}
		Set<Long> distinct = new LinkedHashSet<>();
		for (Long id : ids) {
			if (id == null) {
				throw new InvalidInput("author_ids", "holds null");
			}
			if (!distinct.add(id)) {
				throw new InvalidInput("author_ids", "names author " + id + " twice");
			}
		}
		return List.copyOf(distinct);
	}

}
