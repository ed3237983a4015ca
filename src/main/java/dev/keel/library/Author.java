package dev.keel.library;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** An author as the API shows it. */
record Author(long id, String name, @Nullable String bio, @Nullable LocalDate birthDate, long version) {

	/** An author as a book embeds it. */
	record Ref(long id, String name) {

	}

}
