package dev.keel.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The one base of every failure a module names ({@code StaleVersion},
 * {@code UnknownTestRun}): it leaves as an RFC 9457 problem with its status, a
 * {@code detail} that starts with the field at fault, that field as {@code field}, and
 * any extra properties. {@link InvalidInput} is the 400 kind; modules subclass either
 * with names that say what went wrong, and {@code ProblemResponses} alone maps them. A
 * problem of the whole request rather than of one field has no field.
 */
public class FieldProblem extends RuntimeException {

	private final HttpStatus status;

	private final @Nullable String field;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private final HttpHeaders headers = new HttpHeaders();

	public FieldProblem(HttpStatus status, String field, String reason) {
		this(status, field, reason, null);
	}

	public FieldProblem(HttpStatus status, @Nullable String field, String reason, @Nullable Throwable cause) {
		super((field != null) ? field + ": " + reason : reason, cause);
		this.status = status;
		this.field = field;
	}

	/** A problem of the request as a whole, not of one of its fields. */
	public FieldProblem(HttpStatus status, String reason) {
		this(status, null, reason, null);
	}

	public HttpStatus status() {
		return this.status;
	}

	public @Nullable String field() {
		return this.field;
	}

	/** What the field's name is prefixed to in {@code detail}. */
	public String reason() {
		String message = getMessage();
		return (this.field != null) ? message.substring(this.field.length() + 2) : message;
	}

	/** Adds a property to the problem's body, next to {@code detail}. */
	protected void property(String name, Object value) {
		this.properties.put(name, value);
	}

	Map<String, Object> properties() {
		return this.properties;
	}

	/** Adds a header to the answer ({@code ETag}, {@code Retry-After}). */
	protected void header(String name, String value) {
		this.headers.add(name, value);
	}

	public HttpHeaders headers() {
		return HttpHeaders.readOnlyHttpHeaders(this.headers);
	}

}
