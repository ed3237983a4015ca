package dev.keel.library;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** The body of {@code POST /authors} and {@code PUT /authors/{id}}. */
record AuthorInput(@Nullable String name, @Nullable String bio, @Nullable LocalDate birthDate) {

	/** The input with every rule checked: name trimmed, lengths, no future birth date. */
	AuthorInput validate() {
		return new AuthorInput(Texts.required(this.name, "name", 200), Texts.optional(this.bio, "bio", 10_000),
				Texts.notFuture(this.birthDate, "birth_date"));
	}

}
