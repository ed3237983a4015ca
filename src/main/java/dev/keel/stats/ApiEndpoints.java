package dev.keel.stats;

import java.io.IOException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated API: {@code GET} on {@code /api/} and any path below it answers 200 with
 * the path; other methods, {@code OPTIONS} included, get 405. {@code /api} itself is no
 * route.
 */
@RestController
class ApiEndpoints {

	private final JsonMapper json;

	ApiEndpoints(JsonMapper json) {
		this.json = json;
	}

	// Written straight to the response: this is the endpoint load tests hammer, and the
	// message converters would cost more than the answer.
	@Operation(summary = "A simulated API endpoint: answers with its own path")
	@GetMapping({ "/api/", "/api/*/**" })
	void echo(@Parameter(hidden = true) HttpServletRequest request,
			@Parameter(hidden = true) HttpServletResponse response) throws IOException {
		byte[] body = this.json.writeValueAsBytes(new Echo(request.getRequestURI()));
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	// Spring MVC would answer OPTIONS itself; the simulated API takes GET (and HEAD)
	// only.
	@Operation(hidden = true)
	@RequestMapping(path = { "/api/", "/api/*/**" }, method = RequestMethod.OPTIONS)
	void options() throws HttpRequestMethodNotSupportedException {
		throw new HttpRequestMethodNotSupportedException(HttpMethod.OPTIONS.name(), List.of("GET", "HEAD"));
	}

	record Echo(String path) {

	}

}
