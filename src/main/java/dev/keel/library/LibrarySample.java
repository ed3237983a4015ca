package dev.keel.library;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.keel.platform.Sample;
import dev.keel.platform.SampleCopier;

/**
 * The library part of {@code copy-sample}: a random fraction of the authors, every book
 * of theirs, and every author of those books, so each copied book lists all its authors
 * (a co-author's other books are not copied). Ids and versions are kept, so ids and ETags
 * known here hold on the copy; the ids of new rows continue after the copied ones.
 */
@Component
class LibrarySample implements SampleCopier {

	@Override
	public String module() {
		return "library";
	}

	@Override
	public List<String> tables() {
		return List.of("authors", "books", "book_authors");
	}

	@Override
	public void copy(Sample sample) {
		int all = sample.source().sql("SELECT COUNT(*) FROM authors").query(Integer.class).single();
		BitSet chosen = sample.choose(all);
		Set<Long> picked = new HashSet<>();
		int[] index = { 0 };
		sample.source().sql("SELECT id FROM authors ORDER BY id").query(rs -> {
			if (chosen.get(index[0]++)) {
				picked.add(rs.getLong(1));
			}
		});

		// One pass over who wrote what, a book at a time: a book with a picked author
		// goes, with all its authors.
		Set<Long> books = new HashSet<>();
		Set<Long> authors = new HashSet<>(picked);
		WrittenBy book = new WrittenBy();
		sample.source().sql("SELECT book_id, author_id FROM book_authors ORDER BY book_id").query(rs -> {
			long id = rs.getLong(1);
			if (id != book.id) {
				book.keepIf(picked, books, authors);
				book.start(id);
			}
			book.authors.add(rs.getLong(2));
		});
		book.keepIf(picked, books, authors);

		long copiedAuthors;
		try (Sample.Rows rows = sample
			.into("INSERT INTO authors (id, name, bio, birth_date, version) VALUES (?, ?, ?, ?, ?)")) {
			sample.source().sql("SELECT id, name, bio, birth_date, version FROM authors ORDER BY id").query(rs -> {
				if (authors.contains(rs.getLong(1))) {
					rows.add(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
							rs.getLong(5));
				}
			});
			copiedAuthors = rows.written();
		}
		long copiedBooks;
		try (Sample.Rows rows = sample.into(
				"INSERT INTO books (id, title, description, publish_date, isbn, version) VALUES (?, ?, ?, ?, ?, ?)")) {
			sample.source()
				.sql("SELECT id, title, description, publish_date, isbn, version FROM books ORDER BY id")
				.query(rs -> {
					if (books.contains(rs.getLong(1))) {
						rows.add(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
								rs.getString(5), rs.getLong(6));
					}
				});
			copiedBooks = rows.written();
		}
		try (Sample.Rows rows = sample
			.into("INSERT INTO book_authors (book_id, author_id, position) VALUES (?, ?, ?)")) {
			sample.source()
				.sql("SELECT book_id, author_id, position FROM book_authors ORDER BY book_id, position")
				.query(rs -> {
					if (books.contains(rs.getLong(1))) {
						rows.add(rs.getLong(1), rs.getLong(2), rs.getInt(3));
					}
				});
		}
		sample.continueIds("authors");
		sample.continueIds("books");
		sample.progress(String.format("%,d of %,d authors chosen; with their books' co-authors %,d authors, %,d books",
				picked.size(), all, copiedAuthors, copiedBooks));
	}

	/** The authors of the book the pass is at. */
	private static final class WrittenBy {

		private long id = -1;

		private final List<Long> authors = new ArrayList<>();

		void start(long id) {
			this.id = id;
			this.authors.clear();
		}

		void keepIf(Set<Long> picked, Set<Long> books, Set<Long> authors) {
			if (this.authors.stream().anyMatch(picked::contains)) {
				books.add(this.id);
				authors.addAll(this.authors);
			}
		}

	}

}
