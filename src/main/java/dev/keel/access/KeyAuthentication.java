package dev.keel.access;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.keel.platform.Clients;
import dev.keel.platform.FieldProblem;
import dev.keel.platform.InternalRequests;

/**
 * Reads the key a request carries ({@code Authorization: Bearer}, or {@code X-API-Key})
 * and, if it is a valid one, makes its key the request's principal and client. A key that
 * is sent must be valid, whether or not the route needs one. Keys in the query string are
 * refused before anything reads them. No key is ever logged or echoed.
 */
final class KeyAuthentication extends OncePerRequestFilter {

	static final String API_KEY_HEADER = "X-API-Key";

	private static final List<String> QUERY_NAMES = List.of("api_key", "api-key", "apikey", "access_token", "key",
			"token");

	private final ApiKeys keys;

	private final InternalRequests internal;

	private final AccessRefusals refusals;

	private final RequestLimits limits;

	KeyAuthentication(ApiKeys keys, InternalRequests internal, AccessRefusals refusals, RequestLimits limits) {
		this.keys = keys;
		this.limits = limits;
		this.internal = internal;
		this.refusals = refusals;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			authenticate(request);
		}
		catch (FieldProblem refused) {
			this.refusals.refuse(request, response, refused);
			return;
		}
		catch (DataAccessResourceFailureException | TransientDataAccessResourceException unavailable) {
			// Keys are looked up in the database: while it does not answer, a request
			// with a
			// key gets the 503 of every request that needs it, not a 500 from outside
			// MVC.
			this.refusals.problem(request, response, unavailable);
			return;
		}
		chain.doFilter(request, response);
	}

	private void authenticate(HttpServletRequest request) {
		refuseKeysInQuery(request);
		if (this.internal.sentBySelf(request)) {
			Clients.identify(request, InternalRequests.CLIENT);
			SecurityContextHolder.getContext()
				.setAuthentication(new PreAuthenticatedAuthenticationToken(InternalRequests.CLIENT, "",
						Role.READER.authorities()));
			return;
		}
		String header = HttpHeaders.AUTHORIZATION;
		String secret = bearer(request);
		String apiKey = single(request, API_KEY_HEADER);
		if (apiKey != null) {
			if (secret != null) {
				throw new AccessProblems.InvalidKey(API_KEY_HEADER,
						"send the key in Authorization or in X-API-Key, not in both");
			}
			header = API_KEY_HEADER;
			secret = apiKey.strip();
		}
		if (secret == null) {
			return;
		}
		if (!KeySecret.wellFormed(secret)) {
			throw new AccessProblems.InvalidKey(header, "not a Keel API key (keel_ and 43 characters)");
		}
		String named = header;
		ApiKey key = this.keys.find(secret, () -> this.limits.keyLookup(request))
			.orElseThrow(() -> new AccessProblems.InvalidKey(named, "no such API key"));
		if (key.revokedAt() != null) {
			throw new AccessProblems.InvalidKey(header, "the API key '" + key.name() + "' was revoked");
		}
		if (!key.validAt(this.keys.now())) {
			throw new AccessProblems.InvalidKey(header, "the API key '" + key.name() + "' expired");
		}
		SecurityContextHolder.getContext()
			.setAuthentication(new PreAuthenticatedAuthenticationToken(key, "", key.role().authorities()));
		Clients.identify(request, key.name());
	}

	private static @Nullable String bearer(HttpServletRequest request) {
		String authorization = single(request, HttpHeaders.AUTHORIZATION);
		if (authorization == null) {
			return null;
		}
		int space = authorization.indexOf(' ');
		if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("Bearer")) {
			throw new AccessProblems.InvalidKey(HttpHeaders.AUTHORIZATION,
					"use the Bearer scheme: Authorization: Bearer <key>");
		}
		return authorization.substring(space + 1).strip();
	}

	private static @Nullable String single(HttpServletRequest request, String name) {
		Enumeration<String> values = request.getHeaders(name);
		if (values == null || !values.hasMoreElements()) {
			return null;
		}
		String value = values.nextElement();
		if (values.hasMoreElements()) {
			throw new AccessProblems.InvalidKey(name, "send one key, not several");
		}
		return value;
	}

	// From the raw query string: asking the request for its parameters would read a form
	// body too.
	private static void refuseKeysInQuery(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query == null) {
			return;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String name = decoded((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decoded(pair.substring(equals + 1)) : "";
			if (QUERY_NAMES.contains(name.toLowerCase(Locale.ROOT)) || KeySecret.resembled(value)) {
				throw new AccessProblems.KeyInQuery(name);
			}
		}
	}

	private static String decoded(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
