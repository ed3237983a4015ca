package dev.keel.stats;

import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.keel.platform.QueryParameters;

/** {@code GET /stats/} and {@code DELETE /stats/}. */
@RestController
class StatsController {

	private static final Set<String> PARAMETERS = Set.of("limit", "offset");

	private final RequestCounter counter;

	StatsController(RequestCounter counter) {
		this.counter = counter;
	}

	@Operation(summary = "Request counts by path, most requested first, ties by path ascending",
			parameters = {
					@Parameter(name = "limit", in = ParameterIn.QUERY,
							description = "paths per page, 1 to 10,000 (default 100)"),
					@Parameter(name = "offset", in = ParameterIn.QUERY, description = "paths to skip (default 0)") })
	@GetMapping({ "/stats", "/stats/" })
	StatsPage report(@Parameter(hidden = true) HttpServletRequest request) {
		QueryParameters.requireOnly(request, PARAMETERS);
		int limit = (int) QueryParameters.wholeNumber(request.getParameter("limit"), "limit", 100, 1, 10_000);
		long offset = QueryParameters.wholeNumber(request.getParameter("offset"), "offset", 0, 0, Integer.MAX_VALUE);
		return this.counter.page(limit, offset);
	}

	@Operation(summary = "Forget every count")
	@DeleteMapping({ "/stats", "/stats/" })
	ResponseEntity<Void> reset() {
		this.counter.reset();
		return ResponseEntity.noContent().build();
	}

}
