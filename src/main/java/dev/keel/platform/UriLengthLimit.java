package dev.keel.platform;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 414 for a path over {@code keel.http.max-path-length} or a path and query
 * string over {@code keel.http.max-uri-length}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UriLengthLimit extends OncePerRequestFilter {

	private final int pathLimit;

	private final int uriLimit;

	UriLengthLimit(HttpProperties properties) {
		this.pathLimit = properties.maxPathLength();
		this.uriLimit = properties.maxUriLength();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		int path = request.getRequestURI().length();
		String query = request.getQueryString();
		long length = path + ((query != null) ? query.length() + 1L : 0);
		if (path > this.pathLimit || length > this.uriLimit) {
			response.sendError(HttpServletResponse.SC_REQUEST_URI_TOO_LONG);
			return;
		}
		chain.doFilter(request, response);
	}

}
