package dev.keel.library;

import java.net.URI;
import java.time.LocalDate;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Library")
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

	@Operation(operationId = "listBooks", summary = "Books, paged, filtered and sorted",
			description = "Unknown query parameters are refused. An empty filter is no filter.",
			parameters = {
					@Parameter(name = "title", in = ParameterIn.QUERY,
							description = "a substring of the title, ignoring case; % and _ are plain characters"),
					@Parameter(name = "author_id", in = ParameterIn.QUERY, description = "books by this author",
							schema = @Schema(type = "integer", format = "int64", minimum = "1")),
					@Parameter(name = "published_after", in = ParameterIn.QUERY,
							description = "earliest publish date, included",
							schema = @Schema(type = "string", format = "date")),
					@Parameter(name = "published_before", in = ParameterIn.QUERY,
							description = "latest publish date, included; not before published_after",
							schema = @Schema(type = "string", format = "date")),
					@Parameter(name = "sort", in = ParameterIn.QUERY,
							description = "the order, - for descending; ties by id in the same direction; missing "
									+ "publish dates last either way",
							schema = @Schema(type = "string", defaultValue = "id",
									allowableValues = { "id", "-id", "title", "-title", "publish_date",
											"-publish_date" })) })
	@ApiResponse(responseCode = "200", description = "one page", content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = BookPage.class),
			examples = @ExampleObject(value = """
					{"items":[{"id":1,"title":"The Dispossessed","description":null,"publish_date":"1974-05-01",\
					"isbn":"9780060512750","author_ids":[1],"authors":[{"id":1,"name":"Ursula K. Le Guin"}],\
					"version":1}],\
					"limit":20,"offset":0,"total":1,"next":null}""")))
	@ApiResponse(responseCode = "400",
			description = "a parameter out of range or malformed, offset with cursor, a "
					+ "cursor of other filters or sort, an unknown parameter")
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

	@Operation(operationId = "createBook", summary = "Create a book",
			description = "Its authors come as author_ids (1 to 20, in order, no repeats) or as one author_id.")
	@ApiResponse(responseCode = "201", description = "created; Location is the new book", headers = {
			@Header(name = HttpHeaders.LOCATION, description = "/books/{id}", schema = @Schema(type = "string")),
			@Header(name = HttpHeaders.ETAG, description = "the version, as \"1\"",
					schema = @Schema(type = "string")) },
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Book.class), examples = @ExampleObject(value = """
							{"id":1,"title":"The Dispossessed","description":null,"publish_date":"1974-05-01",\
							"isbn":"9780060512750","author_ids":[1],"authors":[{"id":1,"name":"Ursula K. Le Guin"}],\
							"version":1}""")))
	@ApiResponse(responseCode = "400", description = "a missing, malformed or unknown field, a title over 500 "
			+ "characters, a description over 10,000, a publish date in the future, an invalid ISBN, no author or "
			+ "more than 20, both author_ids and author_id, U+0000 in a text")
	@ApiResponse(responseCode = "409", description = "another book has this ISBN; nothing stored")
	@ApiResponse(responseCode = "422", description = "author_ids names an author that does not exist; nothing stored")
	@ApiResponse(responseCode = "503", description = "the rows stayed busy with other writes; nothing stored")
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

	@Operation(operationId = "getBook", summary = "A book with its authors; the ETag is its version")
	@ApiResponse(responseCode = "200", description = "the book",
			headers = @Header(name = HttpHeaders.ETAG, description = "the version, as \"1\"",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Book.class), examples = @ExampleObject(value = """
							{"id":1,"title":"The Dispossessed","description":null,"publish_date":"1974-05-01",\
							"isbn":"9780060512750","author_ids":[1],"authors":[{"id":1,"name":"Ursula K. Le Guin"}],\
							"version":1}""")))
	@ApiResponse(responseCode = "400", description = "the id is not a number")
	@ApiResponse(responseCode = "404", description = "no book with this id")
	@GetMapping("/books/{id}")
	ResponseEntity<byte[]> get(@PathVariable long id) {
		return this.answers.fromTagged(HttpStatus.OK, this.cache.get(LibraryCache.book(id), "", () -> {
			Book book = this.books.find(id).orElseThrow(() -> new NotFound("id", "book", id));
			return this.answers.tagged(book.version(), book);
		}));
	}

	@Operation(operationId = "replaceBook", summary = "Replace a book, its authors included",
			description = "The whole book. With If-Match, only if its version is still that one.",
			parameters = @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER,
					description = "optional: the version the write expects, as \"3\" (several separated by commas; "
							+ "* for any); a weak tag matches none"))
	@ApiResponse(responseCode = "200", description = "replaced",
			headers = @Header(name = HttpHeaders.ETAG, description = "the version, as \"1\"",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Book.class), examples = @ExampleObject(value = """
							{"id":1,"title":"The Dispossessed","description":null,"publish_date":"1974-05-01",\
							"isbn":"9780060512750","author_ids":[1],"authors":[{"id":1,"name":"Ursula K. Le Guin"}],\
							"version":2}""")))
	@ApiResponse(responseCode = "400", description = "as for createBook; a malformed If-Match")
	@ApiResponse(responseCode = "404", description = "no book with this id")
	@ApiResponse(responseCode = "409", description = "another book has this ISBN; nothing changed")
	@ApiResponse(responseCode = "412",
			description = "If-Match names a version that is no longer current; " + "nothing changed")
	@ApiResponse(responseCode = "422", description = "author_ids names an author that does not exist; nothing changed")
	@ApiResponse(responseCode = "503", description = "the rows stayed busy with other writes; nothing changed")
	@PutMapping("/books/{id}")
	ResponseEntity<byte[]> replace(@PathVariable long id, @RequestBody BookInput body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		BookInput.Valid book = body.validate();
		return tagged(this.catalog.replaceBook(id, book, IfMatch.parse(ifMatch)));
	}

	@Operation(operationId = "deleteBook", summary = "Delete a book",
			parameters = @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER,
					description = "optional: the version the write expects, as \"3\" (several separated by commas; "
							+ "* for any); a weak tag matches none"))
	@ApiResponse(responseCode = "204", description = "deleted")
	@ApiResponse(responseCode = "400", description = "the id is not a number; a malformed If-Match")
	@ApiResponse(responseCode = "404", description = "no book with this id")
	@ApiResponse(responseCode = "412",
			description = "If-Match names a version that is no longer current; " + "nothing changed")
	@ApiResponse(responseCode = "503", description = "the rows stayed busy with other writes; nothing changed")
	@DeleteMapping("/books/{id}")
	ResponseEntity<Void> delete(@PathVariable long id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.catalog.deleteBook(id, IfMatch.parse(ifMatch));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listBookAuthors", summary = "The authors of a book, in order")
	@ApiResponse(responseCode = "200", description = "the authors, first author first", content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE,
			array = @ArraySchema(schema = @Schema(implementation = Author.class)), examples = @ExampleObject(value = """
					[{"id":1,"name":"Ursula K. Le Guin","bio":"...","birth_date":"1929-10-21","version":1}]""")))
	@ApiResponse(responseCode = "400", description = "the id is not a number")
	@ApiResponse(responseCode = "404", description = "no book with this id")
	@GetMapping("/books/{id}/authors")
	ResponseEntity<byte[]> authors(@PathVariable long id) {
		return this.answers.ok(this.cache.get(LibraryCache.book(id), "authors", () -> {
			if (!this.books.exists(id)) {
				throw new NotFound("id", "book", id);
			}
			return this.answers.bytes(this.authors.ofBook(id));
		}));
	}

	@Operation(operationId = "addBookAuthor", summary = "Append an author to a book",
			description = "No change (and no new version) if the author is there already.",
			parameters = @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER,
					description = "optional: the book version the write expects, as \"3\" (several separated by commas; "
							+ "* for any); a weak tag matches none"))
	@ApiResponse(responseCode = "200", description = "the book",
			headers = @Header(name = HttpHeaders.ETAG, description = "the version, as \"1\"",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Book.class), examples = @ExampleObject(value = """
							{"id":1,"title":"The Dispossessed","description":null,"publish_date":"1974-05-01",\
							"isbn":"9780060512750","author_ids":[1],"authors":[{"id":1,"name":"Ursula K. Le Guin"}],\
							"version":2}""")))
	@ApiResponse(responseCode = "400", description = "an id is not a number; a malformed If-Match")
	@ApiResponse(responseCode = "404", description = "no book with this id, or no author with authorId")
	@ApiResponse(responseCode = "409", description = "the book has 20 authors already")
	@ApiResponse(responseCode = "412",
			description = "If-Match names a version that is no longer current; " + "nothing changed")
	@ApiResponse(responseCode = "503", description = "the rows stayed busy with other writes; nothing changed")
	@PutMapping("/books/{id}/authors/{authorId}")
	ResponseEntity<byte[]> link(@PathVariable long id, @PathVariable long authorId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return tagged(this.catalog.link(id, authorId, IfMatch.parse(ifMatch)));
	}

	@Operation(operationId = "removeBookAuthor", summary = "Remove an author from a book", parameters = @Parameter(
			name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER,
			description = "optional: the book version the write expects, as \"3\" (several separated by commas; "
					+ "* for any); a weak tag matches none"))
	@ApiResponse(responseCode = "200", description = "the book",
			headers = @Header(name = HttpHeaders.ETAG, description = "the version, as \"1\"",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Book.class), examples = @ExampleObject(value = """
							{"id":1,"title":"The Dispossessed","description":null,"publish_date":"1974-05-01",\
							"isbn":"9780060512750","author_ids":[1],"authors":[{"id":1,"name":"Ursula K. Le Guin"}],\
							"version":2}""")))
	@ApiResponse(responseCode = "400", description = "an id is not a number; a malformed If-Match")
	@ApiResponse(responseCode = "404", description = "no book with this id, or authorId is not one of its authors")
	@ApiResponse(responseCode = "409", description = "authorId is the book's only author; a book keeps at least one")
	@ApiResponse(responseCode = "412",
			description = "If-Match names a version that is no longer current; " + "nothing changed")
	@ApiResponse(responseCode = "503", description = "the rows stayed busy with other writes; nothing changed")
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
