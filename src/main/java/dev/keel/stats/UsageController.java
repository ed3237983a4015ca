package dev.keel.stats;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.keel.platform.InvalidInput;
import dev.keel.platform.QueryParameters;

/** Usage over time: {@code GET /stats/clients/} and {@code GET /stats/series}. */
@RestController
@Tag(name = "Stats")
class UsageController {

	private static final Set<String> CLIENT_PARAMETERS = Set.of("from", "to", "limit", "offset");

	private static final Set<String> SERIES_PARAMETERS = Set.of("url", "from", "to", "step");

	private final RequestCounter counter;

	private final StatsProperties properties;

	private final Clock clock;

	UsageController(RequestCounter counter, StatsProperties properties, Clock clock) {
		this.counter = counter;
		this.properties = properties;
		this.clock = clock;
	}

	@Operation(operationId = "getClientStats", summary = "Clients ranked by their requests in a window",
			description = "Each request counted under its client: the name of the API key it carried, or "
					+ "anonymous. Most requests first, ties by name ascending. Read from the daily buckets when "
					+ "from and to are whole UTC days, else from the hourly ones; reused for a short time "
					+ "(keel.stats.window-reuse) like a window's report.",
			parameters = {
					@Parameter(name = "from", in = ParameterIn.QUERY, required = true,
							description = "start of the window, inclusive: an ISO-8601 instant on a whole UTC hour "
									+ "or a date (the start of that UTC day)",
							example = "2026-12-01", schema = @Schema(type = "string")),
					@Parameter(name = "to", in = ParameterIn.QUERY, required = true,
							description = "end of the window: an instant (exclusive) on a whole UTC hour, or a date "
									+ "(inclusive: the end of that UTC day)",
							example = "2026-12-07", schema = @Schema(type = "string")),
					@Parameter(name = "limit", in = ParameterIn.QUERY, description = "clients per page",
							schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "10000",
									defaultValue = "100")),
					@Parameter(name = "offset", in = ParameterIn.QUERY, description = "clients to skip",
							schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "2147483647",
									defaultValue = "0")) })
	@ApiResponse(responseCode = "200", description = "one page of the clients",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ClientsPage.class), examples = @ExampleObject(value = """
							{"total_requests":12,"distinct_clients":2,"limit":100,"offset":0,"items":\
							[{"client":"reporting","count":9},{"client":"anonymous","count":3}]}""")))
	@ApiResponse(responseCode = "400",
			description = "from or to missing, malformed, not on a whole hour, from not before to or older than the "
					+ "buckets kept; limit or offset out of range; an unknown parameter")
	@ApiResponse(responseCode = "503", description = "the count store (Redis) did not answer")
	@GetMapping("/stats/clients/")
	ClientsPage clients(@Parameter(hidden = true) HttpServletRequest request) {
		QueryParameters.requireOnly(request, CLIENT_PARAMETERS);
		int limit = (int) QueryParameters.wholeNumber(request.getParameter("limit"), "limit", 100, 1, 10_000);
		long offset = QueryParameters.wholeNumber(request.getParameter("offset"), "offset", 0, 0, Integer.MAX_VALUE);
		Window window = Window.of(request.getParameter("from"), request.getParameter("to"), null, this.clock.instant(),
				this.properties);
		return this.counter.clients(window, limit, offset);
	}

	@Operation(operationId = "getPathSeries", summary = "Requests to one path in every hour or day of a window",
			description = "Every bucket of the window is listed, zero where nothing came. Not reused: each call "
					+ "reads the buckets, at most one per hour or day kept.",
			parameters = {
					@Parameter(name = "url", in = ParameterIn.QUERY, required = true,
							description = "the path, as counted (GET /stats/ lists them)", example = "/api/one/",
							schema = @Schema(type = "string")),
					@Parameter(name = "from", in = ParameterIn.QUERY, required = true,
							description = "start of the window, inclusive: an ISO-8601 instant or a date (the "
									+ "start of that UTC day), on a whole step",
							example = "2026-12-07T00:00:00Z", schema = @Schema(type = "string")),
					@Parameter(name = "to", in = ParameterIn.QUERY, required = true,
							description = "end of the window: an instant (exclusive) or a date (inclusive: the end "
									+ "of that UTC day), on a whole step; beyond the step now in progress it reads "
									+ "as that step's end",
							example = "2026-12-07T03:00:00Z", schema = @Schema(type = "string")),
					@Parameter(name = "step", in = ParameterIn.QUERY,
							description = "bucket width; by default day when from and to are whole UTC days, else hour",
							schema = @Schema(type = "string", allowableValues = { "hour", "day" })) })
	@ApiResponse(responseCode = "200", description = "the path's counts, bucket by bucket",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Series.class), examples = @ExampleObject(value = """
							{"url":"/api/one/","step":"hour","from":"2026-12-07T00:00:00Z",\
							"to":"2026-12-07T03:00:00Z","total":5,"buckets":[{"start":"2026-12-07T00:00:00Z",\
							"count":2},{"start":"2026-12-07T01:00:00Z","count":0},\
							{"start":"2026-12-07T02:00:00Z","count":3}]}""")))
	@ApiResponse(responseCode = "400",
			description = "url, from or to missing; step not hour or day; from or to malformed, not on a whole step, "
					+ "from not before to or older than the buckets kept; an unknown parameter")
	@ApiResponse(responseCode = "503", description = "the count store (Redis) did not answer")
	@GetMapping("/stats/series")
	Series series(@Parameter(hidden = true) HttpServletRequest request) {
		QueryParameters.requireOnly(request, SERIES_PARAMETERS);
		String url = QueryParameters.text(request, "url");
		if (url == null) {
			throw new InvalidInput("url", "is required: the path to show");
		}
		Step step = step(request.getParameter("step"));
		Window window = Window.of(request.getParameter("from"), request.getParameter("to"), step, this.clock.instant(),
				this.properties);
		List<Long> counts = this.counter.series(url, window);
		List<Instant> starts = window.buckets();
		List<Series.Count> buckets = new ArrayList<>(counts.size());
		long total = 0;
		for (int i = 0; i < counts.size(); i++) {
			buckets.add(new Series.Count(starts.get(i), counts.get(i)));
			total += counts.get(i);
		}
		return new Series(url, window.step().toString(), window.from(), window.to(), total, buckets);
	}

	private static @Nullable Step step(@Nullable String text) {
		if (text == null) {
			return null;
		}
		for (Step step : Step.values()) {
			if (step.toString().equals(text)) {
				return step;
			}
		}
		throw new InvalidInput("step", "'" + text + "' is neither hour nor day");
	}

}
