package dev.keel.stats;

import java.io.IOException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Stats")
class ApiEndpoints {

	private final JsonMapper json;

	ApiEndpoints(JsonMapper json) {
		this.json = json;
	}

	// Written straight to the response: this is the endpoint load tests hammer, and the
	// message converters would cost more than the answer.
	@Operation(operationId = "getApiRoot", summary = "A simulated API endpoint: answers with its own path",
			description = "GET /api/ and any path below it; /api alone is not a route. Other methods get 405.")
	@ApiResponse(responseCode = "200", description = "the path as received",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Echo.class),
					examples = @ExampleObject(value = "{\"path\":\"/api/one/two/\"}")))
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

	@Schema(name = "ApiPath")
	record Echo(String path) {

	}

}
