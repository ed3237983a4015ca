package dev.keel.library;

import java.net.URI;
import java.time.LocalDate;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.keel.library.LibraryProblems.NotFound;
import dev.keel.platform.InvalidInput;
import dev.keel.platform.Listing;

/** {@code /books}: the books and their authors. */
@RestController
class BookController {

	private final Authors authors;

	private final Books books;

	private final Catalog catalog;

	private final LibraryCache cache;

	private final JsonAnswers answers;

	BookController(Authors authors, Books books, Catalog catalog, LibraryCache cache, JsonAnswers answers) {
		this.authors = authors;
		this.books = books;
		this.catalog = catalog;
		this.cache = cache;
		this.answers = answers;
	}

	@Operation(summary = "Books, paged; filters title (case-insensitive substring), author_id, published_after, "
			+ "published_before (inclusive); sort title, publish_date or id (- for descending); limit 1-100, "
			+ "offset up to 10,000, or cursor")
	@GetMapping("/books")
	ResponseEntity<byte[]> list(@Parameter(hidden = true) HttpServletRequest request) {
		ListParameters parameters = new ListParameters(request,
				Set.of("title", "author_id", "published_after", "published_before"));
		LocalDate after = parameters.date("published_after");
		Listing query = Books.query(parameters.text("title"), parameters.id("author_id"), after,
				before(parameters, after), parameters.sort(Books.SORTS), parameters.paging());
		return this.answers.ok(this.cache.get(LibraryCache.BOOK_LISTS, query.cacheKey(),
				() -> this.answers.bytes(this.books.list(query))));
	}

	@Operation(summary = "Create a book with author_ids (1 to 20, in order) or one author_id")
	@PostMapping("/books")
	ResponseEntity<byte[]> create(@RequestBody BookInput body) {
		Book book = this.catalog.createBook(body.validate());
		HttpHeaders headers = new HttpHeaders();
		headers.setETag(IfMatch.etag(book.version()));
		return ResponseEntity.created(URI.create("/books/" + book.id()))
			.headers(headers)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.answers.bytes(book));
	}

	@Operation(summary = "A book with its authors; the ETag is its version")
	@GetMapping("/books/{id}")
	ResponseEntity<byte[]> get(@PathVariable long id) {
		return this.answers.fromTagged(HttpStatus.OK, this.cache.get(LibraryCache.book(id), "", () -> {
			Book book = this.books.find(id).orElseThrow(() -> new NotFound("id", "book", id));
			return this.answers.tagged(book.version(), book);
		}));
	}

	@Operation(summary = "Replace a book, its authors included; with If-Match, only if its version is still that one")
	@PutMapping("/books/{id}")
	ResponseEntity<byte[]> replace(@PathVariable long id, @RequestBody BookInput body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		BookInput.Valid book = body.validate();
		return tagged(this.catalog.replaceBook(id, book, IfMatch.parse(ifMatch)));
	}

	@Operation(summary = "Delete a book")
	@DeleteMapping("/books/{id}")
	ResponseEntity<Void> delete(@PathVariable long id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.catalog.deleteBook(id, IfMatch.parse(ifMatch));
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "The authors of a book, in order")
	@GetMapping("/books/{id}/authors")
	ResponseEntity<byte[]> authors(@PathVariable long id) {
		return this.answers.ok(this.cache.get(LibraryCache.book(id), "authors", () -> {
			if (!this.books.exists(id)) {
				throw new NotFound("id", "book", id);
			}
			return this.answers.bytes(this.authors.ofBook(id));
		}));
	}

	@Operation(summary = "Append an author to a book (no change if already there)")
	@PutMapping("/books/{id}/authors/{authorId}")
	ResponseEntity<byte[]> link(@PathVariable long id, @PathVariable long authorId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return tagged(this.catalog.link(id, authorId, IfMatch.parse(ifMatch)));
	}

	@Operation(summary = "Remove an author from a book; the last one cannot be removed (409)")
	@DeleteMapping("/books/{id}/authors/{authorId}")
	ResponseEntity<byte[]> unlink(@PathVariable long id, @PathVariable long authorId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return tagged(this.catalog.unlink(id, authorId, IfMatch.parse(ifMatch)));
	}

	/** {@code published_before}, checked against {@code published_after}. */
	static @Nullable LocalDate before(ListParameters parameters, @Nullable LocalDate after) {
		LocalDate before = parameters.date("published_before");
		if (after != null && before != null && before.isBefore(after)) {
			throw new InvalidInput("published_before", "must not be before published_after (" + after + ")");
		}
		return before;
	}

	private ResponseEntity<byte[]> tagged(Book book) {
		return this.answers.fromTagged(HttpStatus.OK, this.answers.tagged(book.version(), book));
	}

}
