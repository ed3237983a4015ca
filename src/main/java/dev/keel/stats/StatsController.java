package dev.keel.stats;

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

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.keel.platform.QueryParameters;

/** {@code GET /stats/} and {@code DELETE /stats/}. */
@RestController
@Tag(name = "Stats")
class StatsController {

	private static final Set<String> PARAMETERS = Set.of("limit", "offset");

	private final RequestCounter counter;

	StatsController(RequestCounter counter) {
		this.counter = counter;
	}

	@Operation(operationId = "getStats", summary = "Request counts by path, most requested first",
			description = "Every request a route served, counted by its path as received (the query string "
					+ "ignored); ties by path ascending. This instance's pending counts are stored first, so the "
					+ "report includes every request answered before it, itself included. /stats answers the same.",
			parameters = {
					@Parameter(name = "limit", in = ParameterIn.QUERY, description = "paths per page",
							schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "10000",
									defaultValue = "100")),
					@Parameter(name = "offset", in = ParameterIn.QUERY, description = "paths to skip",
							schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "2147483647",
									defaultValue = "0")) })
	@ApiResponse(responseCode = "200", description = "one page of the report",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = StatsPage.class), examples = @ExampleObject(value = """
							{"total_requests":5,"distinct_urls":3,"limit":2,"offset":0,"items":\
							[{"url":"/api/one/","count":2},{"url":"/api/two/","count":2}]}""")))
	@ApiResponse(responseCode = "400", description = "limit or offset out of range or malformed, an unknown parameter")
	@ApiResponse(responseCode = "503", description = "the count store (Redis) did not answer")
	@GetMapping({ "/stats", "/stats/" })
	StatsPage report(@Parameter(hidden = true) HttpServletRequest request) {
		QueryParameters.requireOnly(request, PARAMETERS);
		int limit = (int) QueryParameters.wholeNumber(request.getParameter("limit"), "limit", 100, 1, 10_000);
		long offset = QueryParameters.wholeNumber(request.getParameter("offset"), "offset", 0, 0, Integer.MAX_VALUE);
		return this.counter.page(limit, offset);
	}

	@Operation(operationId = "resetStats", summary = "Forget every count",
			description = "Counts another instance gathered in its last flush interval may still arrive after it. "
					+ "/stats answers the same.")
	@ApiResponse(responseCode = "204", description = "every count forgotten")
	@ApiResponse(responseCode = "503", description = "the count store (Redis) did not answer")
	@DeleteMapping({ "/stats", "/stats/" })
	ResponseEntity<Void> reset() {
		this.counter.reset();
		return ResponseEntity.noContent().build();
	}

}
