package dev.keel.platform;

import java.util.stream.Collectors;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

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
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into an RFC 9457 problem whose detail names the parameter or field
 * at fault. Spring's own exceptions come through {@link ResponseEntityExceptionHandler};
 * the overrides below only make their details name the field. A module's own advice must
 * declare a higher precedence to be consulted before the catch-all here.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemResponses extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

	@ExceptionHandler
	ProblemDetail invalidInput(InvalidInput ex) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage(), ex.field());
	}

	@ExceptionHandler
	ProblemDetail bodyTooLarge(BodyTooLarge ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage(), null);
	}

	// Tomcat parses the query string on first use and refuses bytes that are not UTF-8.
	@ExceptionHandler
	ProblemDetail unreadableParameters(InvalidParameterException ex) {
		return problem(HttpStatus.BAD_REQUEST, "query: not a valid query string (" + ex.getMessage() + ")", "query");
	}

	// A connection refused, lost or not had within the pool's timeout (see
	// DatabaseProbe); the transaction, if any, did not commit.
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(NestedRuntimeException ex) {
		log.warn("Database unavailable: {}", ex.getMostSpecificCause().toString());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE,
					"the database is unavailable; nothing was stored, try again shortly", null));
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; the server log has the details", null);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Jackson wraps what the body's stream throws, so look beneath its exception.
		if (ex.getMostSpecificCause() instanceof BodyTooLarge tooLarge) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(bodyTooLarge(tooLarge));
		}
		return ResponseEntity.badRequest().body(unreadableBody(ex));
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String type = typeName(ex.getRequiredType());
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, name + ": '" + ex.getValue() + "' is not a valid " + type, name));
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String name = ex.getParameterName();
		return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, name + ": is required", name));
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(problem(HttpStatus.NOT_FOUND, "no resource at /" + ex.getResourcePath(), null));
	}

	private static ProblemDetail unreadableBody(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof JacksonException json) {
			String field = json.getPath()
				.stream()
				.map(ref -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.collect(Collectors.joining("."))
				.replace(".[", "[");
			if (json instanceof UnrecognizedPropertyException unknown) {
				return problem(HttpStatus.BAD_REQUEST, unknown.getPropertyName() + ": unknown field",
						unknown.getPropertyName());
			}
			if (!field.isEmpty() && json instanceof InvalidFormatException invalid) {
				return problem(HttpStatus.BAD_REQUEST,
						field + ": '" + invalid.getValue() + "' is not a valid " + typeName(invalid.getTargetType()),
						field);
			}
			if (!field.isEmpty() && json instanceof MismatchedInputException mismatch) {
				return problem(HttpStatus.BAD_REQUEST,
						field + ": has the wrong type, expected " + typeName(mismatch.getTargetType()), field);
			}
			String where = field.isEmpty() ? "" : " at " + field;
			return problem(HttpStatus.BAD_REQUEST, "body: malformed JSON" + where + ": " + json.getOriginalMessage(),
					field.isEmpty() ? "body" : field);
		}
		return problem(HttpStatus.BAD_REQUEST, "body: missing or unreadable request body", "body");
	}

	private static String typeName(Class<?> type) {
		if (type == null) {
			return "value";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "number";
		}
		return switch (type.getSimpleName()) {
			case "LocalDate" -> "date (YYYY-MM-DD)";
			case "String" -> "string";
			case "Boolean", "boolean" -> "boolean";
			default -> type.getSimpleName();
		};
	}

	static ProblemDetail problem(HttpStatus status, String detail, @Nullable String field) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		if (field != null) {
			problem.setProperty("field", field);
		}
		return problem;
	}

}
