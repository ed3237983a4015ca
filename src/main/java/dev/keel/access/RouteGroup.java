package dev.keel.access;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.UrlPathHelper;

/**
 * The groups requests are authorized and limited by. Every path falls in one; the ones
 * that must answer whoever asks (health, for load balancers) in none.
 */
enum RouteGroup {

	READS(null), WRITES(Role.WRITER), BATCHES(Role.WRITER), TEST_RUNS(Role.ADMIN), ADMIN(Role.ADMIN);

	private final @Nullable Role required;

	RouteGroup(@Nullable Role required) {
		this.required = required;
	}

	/** The role a key needs, where keys are required; reads need one only if so set. */
	@Nullable Role required(boolean keyedReads) {
		return (this == READS && keyedReads) ? Role.READER : this.required;
	}

	/** The group of {@code request}, or null for the paths everyone may ask. */
	static @Nullable RouteGroup of(HttpServletRequest request) {
		// Decoded, as Spring MVC matches it: "/%61dmin/api-keys" is /admin/api-keys.
		return of(UrlPathHelper.defaultInstance.getPathWithinApplication(request), request.getMethod());
	}

	/** The group of {@code method} on {@code path}, or null for what everyone may ask. */
	static @Nullable RouteGroup of(String path, String method) {
		if (path.startsWith("/actuator/")) {
			return (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) ? null : ADMIN;
		}
		if (path.startsWith("/admin/") || path.equals("/admin") || path.startsWith("/stats/clients")) {
			return ADMIN;
		}
		boolean reading = HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method)
				|| HttpMethod.OPTIONS.matches(method);
		if (reading) {
			return READS;
		}
		if (path.equals("/stats") || path.equals("/stats/")) {
			return ADMIN;
		}
		if (path.startsWith("/test/")) {
			return TEST_RUNS;
		}
		if (path.equals("/rates/batches") || path.equals("/rates/batches/")) {
			return BATCHES;
		}
		return WRITES;
	}

	/**
	 * The group's name in settings and headers: reads, writes, batches, test-runs, admin.
	 */
	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
