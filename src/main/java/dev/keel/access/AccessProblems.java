package dev.keel.access;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;
import dev.keel.platform.InvalidInput;

/** What the access module refuses, each naming the header or field at fault. */
final class AccessProblems {

	/** The header a key travels in, as problems name it. */
	static final String KEY_HEADERS = "Authorization";

	private AccessProblems() {
	}

	/** 401: no key where one is needed. */
	static final class MissingKey extends FieldProblem {

		MissingKey(RouteGroup group, Role required) {
			super(HttpStatus.UNAUTHORIZED, KEY_HEADERS, "an API key with the role " + required + " is required for "
					+ group + "; send Authorization: Bearer <key> (or X-API-Key: <key>)");
			header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"keel\"");
		}

	}

	/** 401: a key that is malformed, unknown, revoked or expired; never echoes it. */
	static final class InvalidKey extends FieldProblem {

		InvalidKey(String header, String why) {
			super(HttpStatus.UNAUTHORIZED, header, why);
			header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"keel\", error=\"invalid_token\"");
		}

	}

	/** 403: a valid key whose role does not reach the route group. */
	static final class WrongRole extends FieldProblem {

		WrongRole(String name, Role role, RouteGroup group, Role required) {
			super(HttpStatus.FORBIDDEN, KEY_HEADERS,
					"the key '" + name + "' has the role " + role + "; " + group + " need the role " + required);
		}

	}

	/** 400: a key sent in the URL, where logs and histories keep it. */
	static final class KeyInQuery extends InvalidInput {

		KeyInQuery(String parameter) {
			super(parameter, "API keys are not accepted in the URL, where logs and browser histories keep them; "
					+ "send Authorization: Bearer <key> (or X-API-Key: <key>), and revoke this key");
		}

	}

	/** 429: the client's limit for the group is used up. */
	static final class TooManyRequests extends FieldProblem {

		TooManyRequests(String policy, long retryAfterSeconds) {
			super(HttpStatus.TOO_MANY_REQUESTS, "too many requests: the limit '" + policy
					+ "' is used up; try again in " + retryAfterSeconds + " s");
			property("policy", policy);
			header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}

	}

	/** 503: the limits cannot be checked and are set to fail closed. */
	static final class LimitsUnavailable extends FieldProblem {

		LimitsUnavailable() {
			super(HttpStatus.SERVICE_UNAVAILABLE, "request limits cannot be checked (Redis is unreachable) and are "
					+ "set to fail closed; try again shortly");
			header(HttpHeaders.RETRY_AFTER, "1");
		}

	}

	/** 404: no key has the name. */
	static final class UnknownKey extends FieldProblem {

		UnknownKey(String name) {
			super(HttpStatus.NOT_FOUND, "name", "no API key is named '" + name + "'");
		}

	}

	/** 409: a key that is not revoked has the name. */
	static final class NameTaken extends FieldProblem {

		NameTaken(String name) {
			super(HttpStatus.CONFLICT, "name", "'" + name + "' is the name of a key that is not revoked; revoke it "
					+ "first or choose another name");
		}

	}

}
