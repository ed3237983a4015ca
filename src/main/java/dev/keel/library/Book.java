package dev.keel.library;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A book as the API shows it, with its authors in order. */
record Book(long id, String title, @Nullable String description, @Nullable LocalDate publishDate, @Nullable String isbn,
		List<Long> authorIds, List<Author.Ref> authors, long version) {

}
