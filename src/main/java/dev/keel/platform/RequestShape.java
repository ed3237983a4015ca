package dev.keel.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before any routing, requests that no handler could read safely:
 * <ul>
 * <li>a path with a {@code .} or {@code ..} segment (400). Tomcat resolves them but
 * Spring MVC matches the path as sent, so {@code /actuator/health/../env} reached the
 * health endpoint with a component named {@code ..};</li>
 * <li>a {@code Content-Type} that is no single media type ({@code *}{@code /*}, garbage),
 * which Spring cannot even represent, or a multipart one, which no endpoint takes (415).
 * </li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestShape extends OncePerRequestFilter {

	private final JsonMapper json;

	RequestShape(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (hasDotSegment(request.getRequestURI())) {
			refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "path",
					"holds a '.' or '..' segment; send the path without them");
			return;
		}
		String contentType = request.getContentType();
		if (contentType != null) {
			String reason = contentTypeProblem(contentType);
			if (reason != null) {
				refuse(request, response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, HttpHeaders.CONTENT_TYPE,
						reason);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	static boolean hasDotSegment(String path) {
		for (String segment : path.split("/", -1)) {
			int parameters = segment.indexOf(';');
			String name = ((parameters >= 0) ? segment.substring(0, parameters) : segment).toLowerCase(Locale.ROOT)
				.replace("%2e", ".");
			if (name.equals(".") || name.equals("..")) {
				return true;
			}
		}
		return false;
	}

	static @Nullable String contentTypeProblem(String contentType) {
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return "'" + contentType + "' is not a media type";
		}
		if (type.isWildcardType() || type.isWildcardSubtype()) {
			return "'" + contentType + "' is a pattern, not a media type; send application/json";
		}
		if (type.getType().equals("multipart")) {
			return "multipart bodies are not accepted; send application/json";
		}
		return null;
	}

	// Written here rather than through sendError: the error dispatch would go through the
	// DispatcherServlet, which would try to parse the very multipart body refused here.
	private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String field,
			String reason) throws IOException {
		HttpStatus code = HttpStatus.valueOf(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", code.getReasonPhrase());
		problem.put("status", status);
		problem.put("detail", field + ": " + reason);
		problem.put("instance", request.getRequestURI());
		problem.put("field", field);
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
