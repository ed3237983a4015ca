package dev.keel.stats;

import java.time.Clock;
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

	private static final Set<String> PARAMETERS = Set.of("limit", "offset", "from", "to");

	private final RequestCounter counter;

	private final StatsProperties properties;

	private final Clock clock;

	StatsController(RequestCounter counter, StatsProperties properties, Clock clock) {
		this.counter = counter;
		this.properties = properties;
		this.clock = clock;
	}

	@Operation(operationId = "getStats", summary = "Request counts by path, most requested first",
			description = "Every request a route served, counted by its path as received (the query string "
					+ "ignored); ties by path ascending. This instance's pending counts are stored first, so the "
					+ "report includes every request answered before it, itself included. /stats answers the same. "
					+ "With from and to, the requests of that window only, read from the daily buckets when both "
					+ "are whole UTC days, else from the hourly ones; such a report is reused for a short time "
					+ "(keel.stats.window-reuse), so it may miss the last seconds' requests.",
			parameters = {
					@Parameter(name = "from", in = ParameterIn.QUERY,
							description = "start of the window, inclusive: an ISO-8601 instant on a whole UTC hour "
									+ "(2026-12-07T10:00:00Z) or a date (the start of that UTC day); with to",
							example = "2026-12-01", schema = @Schema(type = "string")),
					@Parameter(name = "to", in = ParameterIn.QUERY,
							description = "end of the window: an instant (exclusive) on a whole UTC hour, or a date "
									+ "(inclusive: the end of that UTC day); with from. A to beyond the hour or day "
									+ "now in progress reads as its end",
							example = "2026-12-07", schema = @Schema(type = "string")),
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
	@ApiResponse(responseCode = "400",
			description = "limit or offset out of range or malformed, an unknown parameter; from or to malformed, "
					+ "not on a whole hour, one without the other, from not before to, or from older than the "
					+ "buckets kept")
	@ApiResponse(responseCode = "503", description = "the count store (Redis) did not answer")
	@GetMapping({ "/stats", "/stats/" })
	StatsPage report(@Parameter(hidden = true) HttpServletRequest request) {
		QueryParameters.requireOnly(request, PARAMETERS);
		int limit = (int) QueryParameters.wholeNumber(request.getParameter("limit"), "limit", 100, 1, 10_000);
		long offset = QueryParameters.wholeNumber(request.getParameter("offset"), "offset", 0, 0, Integer.MAX_VALUE);
		String from = request.getParameter("from");
		String to = request.getParameter("to");
		if (from == null && to == null) {
			return this.counter.page(limit, offset);
		}
		Window window = Window.of(from, to, null, this.clock.instant(), this.properties);
		return this.counter.page(window, limit, offset);
	}

	@Operation(operationId = "resetStats", summary = "Forget every count",
			description = "The all-time counts, the hourly and daily ones and every stored window report. Counts "
					+ "another instance gathered in its last flush interval may still arrive after it. "
					+ "/stats answers the same.")
	@ApiResponse(responseCode = "204", description = "every count forgotten")
	@ApiResponse(responseCode = "503", description = "the count store (Redis) did not answer")
	@DeleteMapping({ "/stats", "/stats/" })
	ResponseEntity<Void> reset() {
		this.counter.reset();
		return ResponseEntity.noContent().build();
	}

}
