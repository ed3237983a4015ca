package dev.keel.library;

import java.time.LocalDate;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The body of {@code POST /authors} and {@code PUT /authors/{id}}. */
record AuthorInput(
		@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 200,
				description = "1 to 200 characters once trimmed") @Nullable String name,
		@Schema(maxLength = 10_000) @Nullable String bio,
		@Schema(description = "not in the future (UTC+14)") @Nullable LocalDate birthDate) {

	/** The input with every rule checked: name trimmed, lengths, no future birth date. */
	AuthorInput validate() {
		return new AuthorInput(Texts.required(this.name, "name", 200), Texts.optional(this.bio, "bio", 10_000),
				Texts.notFuture(this.birthDate, "birth_date"));
	}

}
