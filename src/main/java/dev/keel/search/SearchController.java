package dev.keel.search;

import java.io.IOException;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.keel.platform.BodyLimit;
import dev.keel.platform.InvalidInput;
import dev.keel.platform.Listing;
import dev.keel.platform.QueryParameters;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /v1/bulk}, {@code GET /v1/{id}} and {@code GET /v1/}. */
@RestController
@Tag(name = "Search")
class SearchController {

	private final BulkReader reader;

	private final Ingest ingest;

	private final Items items;

	private final SearchCache cache;

	private final SearchProperties properties;

	private final JsonMapper json;

	SearchController(BulkReader reader, Ingest ingest, Items items, SearchCache cache, SearchProperties properties,
			JsonMapper json) {
		this.reader = reader;
		this.ingest = ingest;
		this.items = items;
		this.cache = cache;
		this.properties = properties;
		this.json = json;
	}

	@Bean
	static BodyLimit bulkBodyLimit(SearchProperties properties) {
		return new BodyLimit("/v1/bulk", properties.maxBodySize());
	}

	@Operation(operationId = "ingestItems", summary = "Store web-content records, each normalized and stored once",
			description = "Each record's title is trimmed and its inner whitespace collapsed (1 to 500 characters), "
					+ "its uri must be an absolute http or https URL (//host/path becomes https://host/path; at most "
					+ "2,048 characters), its date is read in a listed format only (March 30 1985, Mar 30 1985, "
					+ "March 30, 1985, 06 Oct 1980, 1991-03-11T01:39:21, 2014-03-08T15, 2014-03-08, "
					+ "1991-03-11 01:39:21, ISO-8601 with an offset or zone, converted to UTC). A record that "
					+ "breaks a rule is rejected, not guessed; other fields of a record are ignored. All stored "
					+ "items of a request go in one transaction. The body is read as a stream: at most "
					+ "keel.search.max-items (100,000) records and keel.search.max-body-size (50 MB).",
			parameters = @Parameter(name = "atomic", in = ParameterIn.QUERY,
					description = "true: any rejected record makes the request a 422 and nothing is stored",
					schema = @Schema(type = "boolean", defaultValue = "false")),
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
					mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = BulkRequest.class),
					examples = @ExampleObject(value = """
							{"items":[{"title":"  Le confort de  louer sans soucis ","uri":"//www.example.fr/a",\
							"date":"June 23 2018"},{"title":"Evolving","uri":"file:///etc/passwd",\
							"date":"2014-03-08T15"},{"title":"Someday","uri":"https://example.com/",\
							"date":"May 23"}]}"""))))
	@ApiResponse(responseCode = "200", description = "what became of every record",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = BulkResult.class), examples = @ExampleObject(value = """
							{"inserted":1,"duplicates":0,"rejected":[{"index":1,"field":"uri",\
							"reason":"has scheme 'file'; only http and https are accepted"},\
							{"index":2,"field":"date","reason":"'May 23' has no year"}]}""")))
	@ApiResponse(responseCode = "400",
			description = "a body that is not {\"items\": [...]} (malformed JSON, "
					+ "another top-level field), a malformed atomic, an unknown parameter")
	@ApiResponse(responseCode = "413",
			description = "more than keel.search.max-items records, or a body over "
					+ "keel.search.max-body-size; nothing stored")
	@ApiResponse(responseCode = "422",
			description = "atomic=true and records were rejected (listed in the "
					+ "problem's rejected, as in a 200 answer); nothing stored",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = RejectedBatch.class)))
	@ApiResponse(responseCode = "503",
			description = "other requests storing the same new items kept colliding "
					+ "with this one; nothing stored, try again")
	@PostMapping(path = "/v1/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
	BulkResult bulk(HttpServletRequest request) throws IOException {
		QueryParameters.requireOnly(request, Set.of("atomic"));
		boolean atomic = atomic(request.getParameter("atomic"));
		Batch batch = new Batch();
		this.reader.read(request.getInputStream(), this.properties.maxItems(), batch::add);
		return this.ingest.store(batch, atomic);
	}

	@Operation(operationId = "getItem", summary = "A stored item")
	@ApiResponse(responseCode = "200", description = "the item",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Item.class), examples = @ExampleObject(value = """
							{"id":1,"title":"Le confort de louer sans soucis","url":"https://www.example.fr/a",\
							"date":"2018-06-23T00:00:00"}""")))
	@ApiResponse(responseCode = "400", description = "the id is not a number")
	@ApiResponse(responseCode = "404", description = "no item with this id")
	@GetMapping("/v1/{id}")
	ResponseEntity<byte[]> item(@PathVariable long id) {
		byte[] body = this.cache.item(id, () -> this.json
			.writeValueAsBytes(this.items.find(id).orElseThrow(() -> new SearchProblems.NotFound(id))));
		return ok(body);
	}

	@Operation(operationId = "searchItems", summary = "Items by date range, title text and URL, newest first",
			description = "Every filter is optional; they combine. Ties by id. /v1 answers the same. Unknown query "
					+ "parameters are refused; an empty filter is no filter.",
			parameters = {
					@Parameter(name = "after", in = ParameterIn.QUERY,
							description = "earliest date, included: YYYY-MM-DD or an ISO-8601 timestamp (an offset is "
									+ "converted to UTC); not later than before",
							example = "2018-01-01"),
					@Parameter(name = "before", in = ParameterIn.QUERY,
							description = "latest date, included: YYYY-MM-DD (its whole day) or an ISO-8601 timestamp",
							example = "2018-12-31"),
					@Parameter(name = "contains", in = ParameterIn.QUERY,
							description = "a substring of the title, ignoring case and accents; % _ and \\ are plain "
									+ "characters",
							example = "CONFORT"),
					@Parameter(name = "title", in = ParameterIn.QUERY, description = "another name for contains"),
					@Parameter(name = "uri", in = ParameterIn.QUERY,
							description = "a substring of the URL, ignoring case (not indexed)"),
					@Parameter(name = "url", in = ParameterIn.QUERY, description = "another name for uri") })
	@ApiResponse(responseCode = "200", description = "one page; no match is an empty page", content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ItemPage.class),
			examples = @ExampleObject(value = """
					{"items":[{"id":1,"title":"Le confort de louer sans soucis","url":"https://www.example.fr/a",\
					"date":"2018-06-23T00:00:00"}],\
					"limit":20,"offset":0,"total":1,"next":null}""")))
	@ApiResponse(responseCode = "400",
			description = "after later than before, a malformed date, both contains and "
					+ "title (or uri and url), a paging parameter out of range or malformed, an unknown parameter")
	@GetMapping({ "/v1", "/v1/" })
	ResponseEntity<byte[]> search(HttpServletRequest request) {
		SearchParameters parameters = new SearchParameters(request);
		Listing query = parameters.query();
		byte[] body = this.cache.search(query.cacheKey(),
				() -> this.json.writeValueAsBytes(this.items.search(query, parameters.term())));
		return ok(body);
	}

	private static ResponseEntity<byte[]> ok(byte[] body) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private static boolean atomic(String value) {
		if (value == null || value.equals("false")) {
			return false;
		}
		if (value.equals("true")) {
			return true;
		}
		throw new InvalidInput("atomic", "'" + value + "' is neither true nor false");
	}

}
