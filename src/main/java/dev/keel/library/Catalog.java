package dev.keel.library;

import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import dev.keel.library.LibraryProblems.DuplicateIsbn;
import dev.keel.library.LibraryProblems.LastAuthor;
import dev.keel.library.LibraryProblems.NotFound;
import dev.keel.library.LibraryProblems.TooManyAuthors;
import dev.keel.library.LibraryProblems.UnknownAuthors;
import dev.keel.platform.Writes;

/**
 * Every write of the catalog: one transaction each ({@link Writes}), which locks the rows
 * whose rules it checks (so two writes cannot together break one) and names exactly the
 * cached answers it may have changed, evicted once it commits.
 */
@Service
class Catalog {

	// A missing parent row: PostgreSQL says 23503, H2 23506.
	private static final Set<String> MISSING_PARENT = Set.of("23503", "23506");

	private final Authors authors;

	private final Books books;

	private final LibraryCache cache;

	private final Writes writes;

	Catalog(Authors authors, Books books, LibraryCache cache, Writes writes) {
		this.authors = authors;
		this.books = books;
		this.cache = cache;
		this.writes = writes;
	}

	Author createAuthor(AuthorInput author) {
		return inTransaction(evictions -> {
			long id = this.authors.insert(author);
			this.cache.evict(evictions, List.of(LibraryCache.AUTHOR_LISTS));
			return findAuthor(id);
		});
	}

	Author replaceAuthor(long id, AuthorInput author, IfMatch expected) {
		return inTransaction(evictions -> {
			expected.check(this.authors.lock(id).orElseThrow(() -> new NotFound("id", "author", id)));
			this.authors.update(id, author);
			// Books embed their authors' names: every book of this author, and the book
			// lists of all their authors, change with it.
			List<Long> bookIds = this.books.lockBooksOf(id);
			this.cache.evict(evictions,
					new LibraryCache.Scopes().add(LibraryCache.author(id))
						.add(LibraryCache.AUTHOR_LISTS)
						.add(LibraryCache.authorBooks(id))
						.books(bookIds, this.books.coAuthorsOf(id))
						.all());
			return findAuthor(id);
		});
	}

	/**
	 * Deletes an author, the books they alone wrote, and their place among the authors of
	 * the others.
	 */
	void deleteAuthor(long id, IfMatch expected) {
		inTransaction(evictions -> {
			expected.check(this.authors.lock(id).orElseThrow(() -> new NotFound("id", "author", id)));
			List<Long> bookIds = this.books.lockBooksOf(id);
			List<Long> coAuthors = this.books.coAuthorsOf(id);
			this.books.removeFromAll(id);
			this.authors.delete(id);
			this.cache.evict(evictions,
					new LibraryCache.Scopes().add(LibraryCache.author(id))
						.add(LibraryCache.AUTHOR_LISTS)
						.add(LibraryCache.authorBooks(id))
						.books(bookIds, coAuthors)
						.all());
			return null;
		});
	}

	Book createBook(BookInput.Valid book) {
		return inTransaction(evictions -> {
			requireAuthors(book.authorIds());
			requireFreeIsbn(book, null);
			long id = this.books.insert(book);
			this.books.replaceAuthors(id, book.authorIds());
			this.cache.evict(evictions, new LibraryCache.Scopes().books(List.of(), book.authorIds()).all());
			return findBook(id);
		});
	}

	Book replaceBook(long id, BookInput.Valid book, IfMatch expected) {
		return inTransaction(evictions -> {
			expected.check(this.books.lock(id).orElseThrow(() -> new NotFound("id", "book", id)));
			requireAuthors(book.authorIds());
			requireFreeIsbn(book, id);
			Set<Long> touched = new LinkedHashSet<>(this.books.authorIds(id));
			touched.addAll(book.authorIds());
			this.books.update(id, book);
			this.books.replaceAuthors(id, book.authorIds());
			this.cache.evict(evictions, new LibraryCache.Scopes().books(List.of(id), touched).all());
			return findBook(id);
		});
	}

	void deleteBook(long id, IfMatch expected) {
		inTransaction(evictions -> {
			expected.check(this.books.lock(id).orElseThrow(() -> new NotFound("id", "book", id)));
			this.cache.evict(evictions, new LibraryCache.Scopes().books(List.of(id), this.books.authorIds(id)).all());
			this.books.delete(id);
			return null;
		});
	}

	/** Appends an author to a book; linking one already there changes nothing. */
	Book link(long bookId, long authorId, IfMatch expected) {
		return inTransaction(evictions -> {
			expected.check(this.books.lock(bookId).orElseThrow(() -> new NotFound("id", "book", bookId)));
			if (this.authors.find(authorId).isEmpty()) {
				throw new NotFound("authorId", "author", authorId);
			}
			List<Long> current = this.books.authorIds(bookId);
			if (!current.contains(authorId)) {
				if (current.size() >= BookInput.MAX_AUTHORS) {
					throw new TooManyAuthors();
				}
				this.books.appendAuthor(bookId, authorId);
				this.books.bumpVersion(bookId);
				this.cache.evict(evictions,
						new LibraryCache.Scopes().books(List.of(bookId), current)
							.add(LibraryCache.authorBooks(authorId))
							.all());
			}
			return findBook(bookId);
		});
	}

	/** Removes an author from a book, unless they are its last. */
	Book unlink(long bookId, long authorId, IfMatch expected) {
		return inTransaction(evictions -> {
			expected.check(this.books.lock(bookId).orElseThrow(() -> new NotFound("id", "book", bookId)));
			List<Long> current = this.books.authorIds(bookId);
			if (!current.contains(authorId)) {
				throw new NotFound("authorId", "author of book " + bookId + " with id", authorId);
			}
			if (current.size() == 1) {
				throw new LastAuthor(authorId);
			}
			this.books.removeAuthor(bookId, authorId);
			this.books.bumpVersion(bookId);
			this.cache.evict(evictions, new LibraryCache.Scopes().books(List.of(bookId), current).all());
			return findBook(bookId);
		});
	}

	private void requireAuthors(List<Long> authorIds) {
		Set<Long> missing = this.authors.missing(authorIds);
		if (!missing.isEmpty()) {
			throw new UnknownAuthors(missing);
		}
	}

	private void requireFreeIsbn(BookInput.Valid book, @Nullable Long except) {
		if (book.isbn() != null && this.books.isbnTaken(book.isbn(), except)) {
			throw new DuplicateIsbn(book.isbn());
		}
	}

	private Author findAuthor(long id) {
		return this.authors.find(id).orElseThrow(() -> new NotFound("id", "author", id));
	}

	private Book findBook(long id) {
		return this.books.find(id).orElseThrow(() -> new NotFound("id", "book", id));
	}

	// Writers that lock the same rows in another order (an author's deletion against a
	// book's replacement) can deadlock; the database aborts one, which Writes runs again.
	// Two writers racing for one ISBN, or a link racing an author's deletion, both pass
	// their checks; the constraints stop one.
	private <T extends @Nullable Object> T inTransaction(Writes.Write<T> work) {
		try {
			return this.writes.commit(work);
		}
		catch (DuplicateKeyException ex) {
			throw new DuplicateIsbn("(the one given)");
		}
		catch (DataIntegrityViolationException ex) {
			if (ex.getMostSpecificCause() instanceof SQLException sql && MISSING_PARENT.contains(sql.getSQLState())) {
				throw new UnknownAuthors("an author was deleted while this request ran");
			}
			throw ex;
		}
	}

}
