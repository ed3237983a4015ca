package dev.keel.platform;

import java.util.List;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place failures become RFC 9457 problems: every {@link FieldProblem} a module
 * throws (its status, detail, field and properties), and Spring's own exceptions through
 * {@link ResponseEntityExceptionHandler}, whose details are rewritten here to name the
 * parameter or field in the API's terms. Every answer is {@code application/problem+json}
 * whatever the request's {@code Accept} says, even when it cannot be parsed. Lowest
 * precedence, so that a more specific advice, should one ever be needed, is consulted
 * first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemResponses extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

	@ExceptionHandler
	ResponseEntity<Object> fieldProblem(FieldProblem ex) {
		if (ex.status().is5xxServerError()) {
			log.warn("Answered {}: {}", ex.status().value(), ex.getMessage(), ex.getCause());
		}
		ProblemDetail problem = problem(ex.status(), ex.getMessage(), ex.field());
		ex.properties().forEach(problem::setProperty);
		return ResponseEntity.status(ex.status())
			.headers(ex.headers())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	@ExceptionHandler
	ResponseEntity<Object> bodyTooLarge(BodyTooLarge ex) {
		return answer(HttpStatus.CONTENT_TOO_LARGE, problem(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage(), null));
	}

	// Tomcat parses the query string on first use and refuses bytes that are not UTF-8.
	@ExceptionHandler
	ResponseEntity<Object> unreadableParameters(InvalidParameterException ex) {
		return answer(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST,
				"query: not a valid query string (bytes that are not UTF-8?)", "query"));
	}

	// RequestShape refuses multipart bodies first; this is for a resolver reached anyway.
	@ExceptionHandler
	ResponseEntity<Object> unreadableMultipart(MultipartException ex) {
		return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Content-Type: multipart bodies are not accepted", HttpHeaders.CONTENT_TYPE));
	}

	// A connection refused, lost or not had within the pool's timeout (see
	// DatabaseProbe); the transaction, if any, did not commit.
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<Object> databaseUnavailable(NestedRuntimeException ex) {
		FieldProblem unavailable = new FieldProblem(HttpStatus.SERVICE_UNAVAILABLE, null,
				"the database is unavailable; nothing was stored, try again shortly", ex.getMostSpecificCause());
		unavailable.header(HttpHeaders.RETRY_AFTER, "1");
		return fieldProblem(unavailable);
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return answer(HttpStatus.INTERNAL_SERVER_ERROR,
				problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; the server log has the details", null));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Jackson wraps what the body's stream throws, so look beneath its exception.
		if (ex.getMostSpecificCause() instanceof BodyTooLarge tooLarge) {
			return bodyTooLarge(tooLarge);
		}
		if (ex.getCause() instanceof JacksonException json) {
			return fieldProblem(JsonProblems.describe(json, "body"));
		}
		return fieldProblem(new InvalidInput("body", "missing or unreadable request body"));
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: String.valueOf(ex.getPropertyName());
		String type = JsonProblems.typeName(ex.getRequiredType());
		String rule = type.equals("number") ? StrictNumbers.rule(ex.getRequiredType()) : "a valid " + type;
		return fieldProblem(new InvalidInput(name, "'" + ex.getValue() + "' is not " + rule));
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return fieldProblem(new InvalidInput(ex.getParameterName(), "is required"));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		MediaType given = ex.getContentType();
		List<MediaType> supported = ex.getSupportedMediaTypes();
		String reason = ((given != null) ? "'" + given + "' is not accepted here" : "is missing")
				+ (supported.isEmpty() ? "" : "; send " + MediaType.toString(supported));
		return fieldProblem(new FieldProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, HttpHeaders.CONTENT_TYPE, reason));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<MediaType> supported = ex.getSupportedMediaTypes();
		String reason = supported.isEmpty() ? "is not a list of media types"
				: "accepts none of the types this resource has: " + MediaType.toString(supported);
		return fieldProblem(new FieldProblem(HttpStatus.NOT_ACCEPTABLE, HttpHeaders.ACCEPT, reason));
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return answer(HttpStatus.NOT_FOUND,
				problem(HttpStatus.NOT_FOUND, "no resource at /" + ex.getResourcePath(), null));
	}

	// Every problem Spring builds passes here: a preset content type makes Spring write
	// it
	// without negotiating, so an unparsable or unrelated Accept still gets the problem.
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		HttpHeaders problemHeaders = new HttpHeaders();
		problemHeaders.putAll(headers);
		problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return new ResponseEntity<>(body, problemHeaders, statusCode);
	}

	private static ResponseEntity<Object> answer(HttpStatusCode status, ProblemDetail problem) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	static ProblemDetail problem(HttpStatusCode status, String detail, @Nullable String field) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		if (field != null) {
			problem.setProperty("field", field);
		}
		return problem;
	}

}
