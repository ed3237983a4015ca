package dev.keel.library;

import java.net.URI;
import java.time.LocalDate;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
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
import dev.keel.platform.Listing;
import dev.keel.platform.Page;

/** {@code /authors}: the authors and each author's books. */
@RestController
@Tag(name = "Library")
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

	@Operation(operationId = "listAuthors", summary = "Authors, paged, filtered by name, sorted",
			description = "Unknown query parameters are refused. An empty filter is no filter.",
			parameters = {
					@Parameter(name = "name", in = ParameterIn.QUERY,
							description = "a substring of the name, ignoring case; % and _ are plain characters"),
					@Parameter(name = "sort", in = ParameterIn.QUERY,
							description = "the order, - for descending; ties by id in the same direction; missing "
									+ "birth dates last either way",
							schema = @Schema(type = "string", defaultValue = "id",
									allowableValues = { "id", "-id", "name", "-name", "birth_date", "-birth_date" })) })
	@ApiResponse(responseCode = "200", description = "one page",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = AuthorPage.class), examples = @ExampleObject(value = """
							{"items":[{"id":1,"name":"Ursula K. Le Guin","bio":"...","birth_date":"1929-10-21",\
							"version":1}],"limit":20,"offset":0,"total":1,"next":null}""")))
	@ApiResponse(responseCode = "400",
			description = "a parameter out of range or malformed, offset with cursor, a "
					+ "cursor of other filters or sort, an unknown parameter")
	@GetMapping("/authors")
	ResponseEntity<byte[]> list(@Parameter(hidden = true) HttpServletRequest request) {
		ListParameters parameters = new ListParameters(request, Set.of("name"));
		Listing query = Authors.query(parameters.text("name"), parameters.sort(Authors.SORTS), parameters.paging());
		return this.answers.ok(this.cache.get(LibraryCache.AUTHOR_LISTS, query.cacheKey(),
				() -> this.answers.bytes(this.authors.list(query))));
	}

	@Operation(operationId = "createAuthor", summary = "Create an author")
	@ApiResponse(responseCode = "201", description = "created; Location is the new author", headers = {
			@Header(name = HttpHeaders.LOCATION, description = "/authors/{id}", schema = @Schema(type = "string")),
			@Header(name = HttpHeaders.ETAG, description = "the version, as \"1\"",
					schema = @Schema(type = "string")) },
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Author.class), examples = @ExampleObject(value = """
							{"id":1,"name":"Ursula K. Le Guin","bio":"...","birth_date":"1929-10-21","version":1}""")))
	@ApiResponse(responseCode = "400",
			description = "a missing, malformed or unknown field, a name over 200 "
					+ "characters, a bio over 10,000, a birth date in the future, U+0000 in a text")
	@ApiResponse(responseCode = "503", description = "the rows stayed busy with other writes; nothing stored")
	@PostMapping("/authors")
	ResponseEntity<byte[]> create(@RequestBody AuthorInput body) {
		Author author = this.catalog.createAuthor(body.validate());
		return ResponseEntity.created(URI.create("/authors/" + author.id()))
			.headers(tagged(author.version()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.answers.bytes(author));
	}

	@Operation(operationId = "getAuthor", summary = "An author; the ETag is its version")
	@ApiResponse(responseCode = "200", description = "the author",
			headers = @Header(name = HttpHeaders.ETAG, description = "the version, as \"1\"",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Author.class), examples = @ExampleObject(value = """
							{"id":1,"name":"Ursula K. Le Guin","bio":"...","birth_date":"1929-10-21","version":1}""")))
	@ApiResponse(responseCode = "400", description = "the id is not a number")
	@ApiResponse(responseCode = "404", description = "no author with this id")
	@GetMapping("/authors/{id}")
	ResponseEntity<byte[]> get(@PathVariable long id) {
		return this.answers.fromTagged(HttpStatus.OK, this.cache.get(LibraryCache.author(id), "", () -> {
			Author author = this.authors.find(id).orElseThrow(() -> new NotFound("id", "author", id));
			return this.answers.tagged(author.version(), author);
		}));
	}

	@Operation(operationId = "replaceAuthor", summary = "Replace an author",
			description = "The whole author. With If-Match, only if its version is still that one.",
			parameters = @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER,
					description = "optional: the version the write expects, as \"3\" (several separated by commas; "
							+ "* for any); a weak tag matches none"))
	@ApiResponse(responseCode = "200", description = "replaced",
			headers = @Header(name = HttpHeaders.ETAG, description = "the version, as \"1\"",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Author.class), examples = @ExampleObject(value = """
							{"id":1,"name":"Ursula K. Le Guin","bio":"...","birth_date":"1929-10-21","version":2}""")))
	@ApiResponse(responseCode = "400", description = "as for createAuthor; a malformed If-Match")
	@ApiResponse(responseCode = "404", description = "no author with this id")
	@ApiResponse(responseCode = "412",
			description = "If-Match names a version that is no longer current; " + "nothing changed")
	@ApiResponse(responseCode = "503", description = "the rows stayed busy with other writes; nothing changed")
	@PutMapping("/authors/{id}")
	ResponseEntity<byte[]> replace(@PathVariable long id, @RequestBody AuthorInput body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		AuthorInput author = body.validate();
		Author replaced = this.catalog.replaceAuthor(id, author, IfMatch.parse(ifMatch));
		return this.answers.fromTagged(HttpStatus.OK, this.answers.tagged(replaced.version(), replaced));
	}

	@Operation(operationId = "deleteAuthor",
			summary = "Delete an author, the books they alone wrote, and their place on the others",
			parameters = @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER,
					description = "optional: the version the write expects, as \"3\" (several separated by commas; "
							+ "* for any); a weak tag matches none"))
	@ApiResponse(responseCode = "204", description = "deleted")
	@ApiResponse(responseCode = "400", description = "the id is not a number; a malformed If-Match")
	@ApiResponse(responseCode = "404", description = "no author with this id")
	@ApiResponse(responseCode = "412",
			description = "If-Match names a version that is no longer current; " + "nothing changed")
	@ApiResponse(responseCode = "503", description = "the rows stayed busy with other writes; nothing changed")
	@DeleteMapping("/authors/{id}")
	ResponseEntity<Void> delete(@PathVariable long id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.catalog.deleteAuthor(id, IfMatch.parse(ifMatch));
		return ResponseEntity.noContent().build();
	}

	@Operation(operationId = "listAuthorBooks", summary = "An author's books, paged, filtered and sorted",
			description = "As listBooks, for one author. Unknown query parameters are refused.",
			parameters = {
					@Parameter(name = "title", in = ParameterIn.QUERY,
							description = "a substring of the title, ignoring case; % and _ are plain characters"),
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
	@ApiResponse(responseCode = "200", description = "one page",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = BookPage.class), examples = @ExampleObject(value = """
							{"items":[{"id":1,"title":"The Dispossessed","description":null,\
							"publish_date":"1974-05-01","isbn":"9780060512750","author_ids":[1],\
							"authors":[{"id":1,"name":"Ursula K. Le Guin"}],"version":1}],\
							"limit":20,"offset":0,"total":1,"next":null}""")))
	@ApiResponse(responseCode = "400",
			description = "the id is not a number; a parameter out of range or "
					+ "malformed, offset with cursor, a cursor of other filters or sort, an unknown parameter")
	@ApiResponse(responseCode = "404", description = "no author with this id")
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
