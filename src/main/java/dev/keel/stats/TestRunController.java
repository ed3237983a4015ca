package dev.keel.stats;

import java.net.URI;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.keel.platform.QueryParameters;

/** {@code POST /test/{n}/} and {@code GET /test/runs/{id}}. */
@RestController
@Tag(name = "Stats")
class TestRunController {

	private final TestRuns runs;

	TestRunController(TestRuns runs) {
		this.runs = runs;
	}

	@Operation(operationId = "startTestRun", summary = "Start a load test of n GETs on this service's /api/ paths",
			description = "Answers 202 at once; Location points at the run. Each request goes to /api/ followed by "
					+ "1 to 6 of the run's three random segments and a slash. All runs together keep at most "
					+ "keel.stats.test-runs.concurrency requests in flight. /test/{n} answers the same.")
	@ApiResponse(responseCode = "202", description = "the run has started",
			headers = @Header(name = HttpHeaders.LOCATION, description = "the run, /test/runs/{id}",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = TestRun.View.class), examples = @ExampleObject(value = """
							{"id":"0b6c2c43-7f0b-4d3e-9a54-0f45b3b7d9a1","requested":1000,"completed":0,"failed":0,\
							"state":"running","elapsed_ms":0,"requests_per_second":0,\
							"segments":["k2x8d0qe","p1m7r4aa","z9c3v6tt"]}""")))
	@ApiResponse(responseCode = "400",
			description = "n is not a whole number from 1 to 1,000,000; any query parameter (none is taken)")
	@ApiResponse(responseCode = "429",
			description = "keel.stats.test-runs.max-active runs are going already "
					+ "(in the whole fleet with the shared store)")
	@ApiResponse(responseCode = "503", description = "the service is starting or stopping")
	@PostMapping({ "/test/{n}", "/test/{n}/" })
	ResponseEntity<TestRun.View> start(
			@Parameter(description = "requests to send",
					schema = @Schema(type = "integer", format = "int32", minimum = "1",
							maximum = "1000000")) @PathVariable String n,
			@Parameter(hidden = true) HttpServletRequest request) {
		QueryParameters.requireOnly(request, Set.of());
		int requests = (int) QueryParameters.wholeNumber(n, "n", 0, 1, 1_000_000);
		TestRun run = this.runs.start(requests);
		return ResponseEntity.accepted().location(URI.create("/test/runs/" + run.id())).body(run.view());
	}

	@Operation(operationId = "getTestRun", summary = "A test run's progress",
			description = "The last keel.stats.test-runs.max-kept runs are kept. With the shared store "
					+ "(keel.stats.store: redis) every instance answers for every run, with the progress its "
					+ "instance last wrote (at most a few hundred ms old); finished runs are kept a day. "
					+ "Otherwise only the instance that started a run knows it. /test/runs/{id}/ answers the same.")
	@ApiResponse(responseCode = "200", description = "the run",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = TestRun.View.class), examples = @ExampleObject(value = """
							{"id":"0b6c2c43-7f0b-4d3e-9a54-0f45b3b7d9a1","requested":1000,"completed":1000,"failed":0,\
							"state":"finished","elapsed_ms":152,"requests_per_second":6579,\
							"segments":["k2x8d0qe","p1m7r4aa","z9c3v6tt"]}""")))
	@ApiResponse(responseCode = "404", description = "no run with this id is kept")
	@ApiResponse(responseCode = "503",
			description = "the run is not this instance's and the shared store does not answer; try again after "
					+ "Retry-After seconds",
			headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds",
					schema = @Schema(type = "integer")))
	@GetMapping({ "/test/runs/{id}", "/test/runs/{id}/" })
	TestRun.View run(@PathVariable String id) {
		return this.runs.find(id).orElseThrow(() -> new UnknownTestRun(id));
	}

}
