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
import dev.keel.platform.Listing;
import dev.keel.platform.Page;

/** {@code /authors}: the authors and each author's books. */
@RestController
class AuthorController {

	private final Authors authors;

	private final Books books;

	private final Catalog catalog;

	private final LibraryCache cache;

	private final JsonAnswers answers;

	AuthorController(Authors authors, Books books, Catalog catalog, LibraryCache cache, JsonAnswers answers) {
		this.authors = authors;
		this.books = books;
		this.catalog = catalog;
		this.cache = cache;
		this.answers = answers;
	}

	@Operation(summary = "Authors, paged; filter name (case-insensitive substring); sort name, birth_date or id "
			+ "(- for descending); limit 1-100, offset up to 10,000, or cursor")
	@GetMapping("/authors")
	ResponseEntity<byte[]> list(@Parameter(hidden = true) HttpServletRequest request) {
		ListParameters parameters = new ListParameters(request, Set.of("name"));
		Listing query = Authors.query(parameters.text("name"), parameters.sort(Authors.SORTS), parameters.paging());
		return this.answers.ok(this.cache.get(LibraryCache.AUTHOR_LISTS, query.cacheKey(),
				() -> this.answers.bytes(this.authors.list(query))));
	}

	@Operation(summary = "Create an author")
	@PostMapping("/authors")
	ResponseEntity<byte[]> create(@RequestBody AuthorInput body) {
		Author author = this.catalog.createAuthor(body.validate());
		return ResponseEntity.created(URI.create("/authors/" + author.id()))
			.headers(tagged(author.version()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.answers.bytes(author));
	}

	@Operation(summary = "An author; the ETag is its version")
	@GetMapping("/authors/{id}")
	ResponseEntity<byte[]> get(@PathVariable long id) {
		return this.answers.fromTagged(HttpStatus.OK, this.cache.get(LibraryCache.author(id), "", () -> {
			Author author = this.authors.find(id).orElseThrow(() -> new NotFound("id", "author", id));
			return this.answers.tagged(author.version(), author);
		}));
	}

	@Operation(summary = "Replace an author; with If-Match, only if its version is still that one")
	@PutMapping("/authors/{id}")
	ResponseEntity<byte[]> replace(@PathVariable long id, @RequestBody AuthorInput body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		AuthorInput author = body.validate();
		Author replaced = this.catalog.replaceAuthor(id, author, IfMatch.parse(ifMatch));
		return this.answers.fromTagged(HttpStatus.OK, this.answers.tagged(replaced.version(), replaced));
	}

	@Operation(summary = "Delete an author, the books they alone wrote, and their place on the others")
	@DeleteMapping("/authors/{id}")
	ResponseEntity<Void> delete(@PathVariable long id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.catalog.deleteAuthor(id, IfMatch.parse(ifMatch));
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "An author's books, paged and filtered as GET /books")
	@GetMapping("/authors/{id}/books")
	ResponseEntity<byte[]> books(@PathVariable long id, @Parameter(hidden = true) HttpServletRequest request) {
		ListParameters parameters = new ListParameters(request, Set.of("title", "published_after", "published_before"));
		LocalDate after = parameters.date("published_after");
		LocalDate before = BookController.before(parameters, after);
		Listing query = Books.query(parameters.text("title"), id, after, before, parameters.sort(Books.SORTS),
				parameters.paging());
		return this.answers.ok(this.cache.get(LibraryCache.authorBooks(id), query.cacheKey(), () -> {
			Page<Book> books = this.books.list(query);
			// Only an empty page can be an unknown author's.
			if (books.items().isEmpty() && this.authors.find(id).isEmpty()) {
				throw new NotFound("id", "author", id);
			}
			return this.answers.bytes(books);
		}));
	}

	private static HttpHeaders tagged(long version) {
		HttpHeaders headers = new HttpHeaders();
		headers.setETag(IfMatch.etag(version));
		return headers;
	}

}
