package dev.keel.platform;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * Answers errors raised outside Spring MVC (by Tomcat or a filter) as problem+json
 * instead of Boot's default error body, and without a stack trace.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = statusOf(request);
		String detail = switch (status) {
			case URI_TOO_LONG -> "path: the request URI is too long";
			case CONTENT_TOO_LARGE -> "body: the request body is too large";
			case NOT_FOUND -> "no resource at " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			default -> status.getReasonPhrase();
		};
		if (status.is5xxServerError() && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null) {
			detail = "internal error; the server log has the details";
		}
		ProblemDetail problem = ProblemResponses.problem(status, detail, null);
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
			problem.setInstance(URI.create(UriUtils.encodePath(uri, StandardCharsets.UTF_8)));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static HttpStatus statusOf(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		return (status != null) ? status : HttpStatus.NOT_FOUND;
	}

}
