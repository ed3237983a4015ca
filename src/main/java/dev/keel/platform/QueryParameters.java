package dev.keel.platform;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/** Checks on the query string that Spring's binding does not make. */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * Refuses a parameter outside {@code allowed}, so that a misspelt filter is an error
	 * and not a silently ignored one.
	 */
	public static void requireOnly(HttpServletRequest request, Set<String> allowed) {
		for (String name : request.getParameterMap().keySet()) {
			if (!allowed.contains(name)) {
				throw new InvalidInput(name,
						"unknown parameter; expected one of " + allowed.stream().sorted().toList());
			}
		}
	}

}
