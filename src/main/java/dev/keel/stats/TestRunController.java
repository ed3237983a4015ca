package dev.keel.stats;

import java.net.URI;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.keel.platform.QueryParameters;

/** {@code POST /test/{n}/} and {@code GET /test/runs/{id}}. */
@RestController
class TestRunController {

	private final TestRuns runs;

	TestRunController(TestRuns runs) {
		this.runs = runs;
	}

	@Operation(summary = "Start a run of n GET requests to this service's /api/ endpoints",
			description = "Answers 202 at once; the Location header points at the run.")
	@PostMapping({ "/test/{n}", "/test/{n}/" })
	ResponseEntity<TestRun.View> start(
			@Parameter(description = "requests to send, 1 to 1,000,000") @PathVariable String n,
			@Parameter(hidden = true) HttpServletRequest request) {
		QueryParameters.requireOnly(request, Set.of());
		int requests = (int) QueryParameters.wholeNumber(n, "n", 0, 1, 1_000_000);
		TestRun run = this.runs.start(requests);
		return ResponseEntity.accepted().location(URI.create("/test/runs/" + run.id())).body(run.view());
	}

	@Operation(summary = "A test run's progress")
	@GetMapping({ "/test/runs/{id}", "/test/runs/{id}/" })
	TestRun.View run(@PathVariable String id) {
		return this.runs.find(id).map(TestRun::view).orElseThrow(() -> new UnknownTestRun(id));
	}

}
