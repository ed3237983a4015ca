package dev.keel.platform;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Documentation only: an error answer as every operation gives it
 * ({@code application/problem+json}, RFC 9457), for operations to name in their
 * description. The answers themselves are Spring's {@code ProblemDetail}s.
 *
 * @param type a URI naming the kind of problem; absent for the plain HTTP status
 * @param title the status's reason phrase
 * @param status the HTTP status
 * @param detail what is wrong, starting with the parameter or field at fault
 * @param instance the path of the request
 * @param field the query parameter, path variable, header or body field at fault, in the
 * API's own terms; absent when no single one is
 */
@Schema(name = "Problem",
		description = "An error (RFC 9457); for bad input, field names the parameter or field at fault", example = """
				{"detail":"date_to: must not be before date_from (2016-01-10)","instance":"/rates","status":400,\
				"title":"Bad Request","field":"date_to"}""")
record Problem(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @Nullable String type, String title, int status,
		String detail, @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @Nullable String instance,
		@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @Nullable String field) {

}
