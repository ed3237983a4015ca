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

/** Answers 414 for a path or query string over {@code keel.http.max-uri-length}. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UriLengthLimit extends OncePerRequestFilter {

	private final long limit;

	UriLengthLimit(HttpProperties properties) {
		this.limit = properties.maxUriLength();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String query = request.getQueryString();
		long length = request.getRequestURI().length() + ((query != null) ? query.length() + 1 : 0);
		if (length > this.limit) {
			response.sendError(HttpServletResponse.SC_REQUEST_URI_TOO_LONG);
			return;
		}
		chain.doFilter(request, response);
	}

}
