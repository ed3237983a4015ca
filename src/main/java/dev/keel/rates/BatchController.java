package dev.keel.rates;

import java.io.IOException;
import java.net.URI;
import java.util.Collections;
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

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.keel.platform.BodyLimit;
import dev.keel.platform.InvalidInput;
import dev.keel.platform.Page;
import dev.keel.platform.Paging;
import dev.keel.platform.QueryParameters;

/**
 * {@code POST /rates/batches}, {@code GET /rates/batches} and {@code GET
 * /rates/batches/{id}}.
 */
@RestController
@Tag(name = "Rates")
class BatchController {

	private static final Set<String> LIST_PARAMETERS = Set.of("state", "limit", "offset", "cursor");

	private static final String BATCH_EXAMPLE = """
			{"id":7,"state":"queued","rows":50000,"received_at":"2026-12-08T09:30:00Z","applied_at":null,\
			"apply_ms":null,"errors":[],"idempotency_key":"prices-2026-12-08"}""";

	private final BatchUploads uploads;

	private final PriceBatches batches;

	BatchController(BatchUploads uploads, PriceBatches batches) {
		this.uploads = uploads;
		this.batches = batches;
	}

	@Bean
	static BodyLimit batchBodyLimit(RatesProperties properties) {
		return new BodyLimit("/rates/batches", properties.batches().maxBodySize());
	}

	@Operation(operationId = "uploadPriceBatch", summary = "Upload a batch of prices, applied all or nothing",
			description = "The body is read as a stream: CSV whose header line names the columns origin_code, "
					+ "destination_code, day (YYYY-MM-DD) and price, and optionally currency (ISO 4217, USD when "
					+ "absent), in any order; or NDJSON, one object with those fields per line. Every row is "
					+ "checked: ports that exist (not regions), a day of the calendar, a whole price of 0 to "
					+ "2147483647, a known currency (converted to USD once per batch). A batch with any bad row is "
					+ "rejected whole (422, its first 100 errors listed) and never applied. A good batch is stored "
					+ "durably, then answered 202, and applied later in one transaction, in the order batches were "
					+ "accepted. At most keel.rates.batches.max-rows (5,000,000) rows and "
					+ "keel.rates.batches.max-body-size (512 MB).",
			parameters = @Parameter(name = BatchProblems.IDEMPOTENCY_KEY, in = ParameterIn.HEADER,
					description = "1 to 200 printable ASCII characters; an upload with a key already used answers "
							+ "that batch (200) if the body is the same, 409 if not",
					schema = @Schema(type = "string", minLength = 1, maxLength = 200)),
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
					@Content(mediaType = "text/csv", schema = @Schema(type = "string"),
							examples = @ExampleObject(value = """
									origin_code,destination_code,day,price
									CNSGH,NLRTM,2026-12-01,1450
									""")),
					@Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string"),
							examples = @ExampleObject(value = """
									{"origin_code":"CNSGH","destination_code":"NLRTM","day":"2026-12-01","price":1450}
									""")) }))
	@ApiResponse(responseCode = "202", description = "stored and queued; Location is the batch",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/rates/batches/{id}",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = PriceBatch.class),
					examples = @ExampleObject(value = BATCH_EXAMPLE)))
	@ApiResponse(responseCode = "200", description = "the batch first uploaded with this Idempotency-Key and body",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/rates/batches/{id}",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = PriceBatch.class),
					examples = @ExampleObject(value = BATCH_EXAMPLE)))
	@ApiResponse(responseCode = "422",
			description = "a row is wrong: the batch is rejected whole, nothing applied; the problem carries the "
					+ "batch, kept as rejected",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/rates/batches/{id}",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = RejectedPriceBatch.class), examples = @ExampleObject(value = """
							{"title":"Unprocessable Content","status":422,"detail":"body: has rows that break the \
							rules (listed in errors, the first 100); the batch is rejected whole and nothing of it \
							is applied","instance":"/rates/batches","field":"body","id":8,"state":"rejected",\
							"rows":2,"received_at":"2026-12-08T09:31:00Z","applied_at":null,"apply_ms":null,\
							"errors":[{"line":3,"field":"day","reason":"'2026-02-30' is not a day of the calendar"}],\
							"idempotency_key":null}""")))
	@ApiResponse(responseCode = "400",
			description = "no header line, an unknown or missing column or field, a line "
					+ "that is no row, no rows at all, a malformed Idempotency-Key; nothing stored")
	@ApiResponse(responseCode = "409", description = "the Idempotency-Key was used with another body")
	@ApiResponse(responseCode = "413", description = "more rows or bytes than allowed; nothing stored")
	@ApiResponse(responseCode = "415", description = "neither text/csv nor application/x-ndjson")
	@ApiResponse(responseCode = "429",
			description = "keel.rates.batches.max-waiting batches are waiting already; " + "nothing stored",
			headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds",
					schema = @Schema(type = "integer")))
	@ApiResponse(responseCode = "502",
			description = "the exchange-rate API failed a currency's conversion; nothing " + "stored")
	@ApiResponse(responseCode = "503",
			description = "the queue (RabbitMQ) or the database is unavailable; nothing " + "stored",
			headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds",
					schema = @Schema(type = "integer")))
	@PostMapping("/rates/batches")
	ResponseEntity<PriceBatch> upload(@Parameter(hidden = true) HttpServletRequest request,
			@Parameter(hidden = true) @RequestHeader(name = BatchProblems.IDEMPOTENCY_KEY,
					required = false) @Nullable String idempotencyKey)
			throws IOException {
		// The type first: a form's fields would otherwise be read as query parameters.
		BatchReader.type(request.getContentType());
		QueryParameters.requireOnly(request, Set.of());
		if (Collections.list(request.getHeaders(BatchProblems.IDEMPOTENCY_KEY)).size() > 1) {
			throw new InvalidInput(BatchProblems.IDEMPOTENCY_KEY, "is given more than once; send one key");
		}
		BatchUploads.Received received = this.uploads.receive(request.getContentType(), request.getInputStream(),
				idempotencyKey);
		PriceBatch batch = received.batch();
		if (received.created() && batch.rejected()) {
			throw new BatchProblems.Rejected(batch);
		}
		return ResponseEntity.status(received.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.location(location(batch.id()))
			.body(batch);
	}

	@Operation(operationId = "getPriceBatch", summary = "A price batch: its state, rows, timings and errors")
	@ApiResponse(responseCode = "200", description = "the batch",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = PriceBatch.class),
					examples = @ExampleObject(value = BATCH_EXAMPLE)))
	@ApiResponse(responseCode = "400", description = "the id is not a number")
	@ApiResponse(responseCode = "404", description = "no batch with this id")
	@GetMapping("/rates/batches/{id}")
	PriceBatch get(@PathVariable long id) {
		return this.batches.find(id).orElseThrow(() -> new BatchProblems.UnknownBatch(Long.toString(id)));
	}

	@Operation(operationId = "listPriceBatches", summary = "Price batches, newest first, paged",
			description = "Unknown query parameters are refused.",
			parameters = @Parameter(name = "state", in = ParameterIn.QUERY, description = "only batches in this state",
					schema = @Schema(type = "string",
							allowableValues = { "queued", "applying", "applied", "rejected", "failed" })))
	@ApiResponse(responseCode = "200", description = "one page", content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PriceBatchPage.class),
			examples = @ExampleObject(
					value = "{\"items\":[" + BATCH_EXAMPLE + "],\"limit\":20,\"offset\":0,\"total\":1,\"next\":null}")))
	@ApiResponse(responseCode = "400",
			description = "an unknown state, a paging parameter out of range or "
					+ "malformed, a cursor of another state, an unknown parameter")
	@GetMapping("/rates/batches")
	Page<PriceBatch> list(@Parameter(hidden = true) HttpServletRequest request) {
		QueryParameters.requireOnly(request, LIST_PARAMETERS);
		String state = QueryParameters.text(request, "state");
		return this.batches
			.list(PriceBatches.query((state != null) ? BatchState.parse("state", state) : null, Paging.of(request)));
	}

	static URI location(long id) {
		return URI.create("/rates/batches/" + id);
	}

}
