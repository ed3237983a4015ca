package dev.keel.access;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request limits.
 *
 * @param enabled whether requests are limited at all
 * @param store {@code local} (in-process: the embedded default) or {@code redis} (shared
 * by every instance)
 * @param onStoreFailure {@code open} (serve, log and count the unchecked request) or
 * {@code closed} (answer 503) while the store cannot be reached
 * @param roles for anonymous clients and for each role, a rate and a burst per route
 * group
 */
@ConfigurationProperties("keel.limits")
record LimitSettings(boolean enabled, Store store, Failure onStoreFailure, Map<String, Map<String, Limit>> roles) {

	static final String ANONYMOUS = "anonymous";

	enum Store {

		LOCAL, REDIS

	}

	enum Failure {

		OPEN, CLOSED

	}

	/** One group's limit as set: {@code rate} like {@code 100/1s}, and a burst. */
	record Limit(String rate, long burst) {

	}

	LimitSettings {
		if (store == null || onStoreFailure == null) {
			throw new IllegalArgumentException(
					"keel.limits.store must be local or redis, keel.limits.on-store-failure open or closed");
		}
		roles = (roles != null) ? roles : Map.of();
	}

	/**
	 * Every role's (and anonymous clients') limit per group, checked: a role, group or
	 * rate that is not one, or a group without a limit, stops the start.
	 */
	Map<String, Map<RouteGroup, RateLimit>> limits() {
		Map<String, Map<RouteGroup, RateLimit>> limits = new HashMap<>();
		for (String role : roleNames()) {
			Map<String, Limit> set = this.roles.getOrDefault(role, Map.of());
			Map<RouteGroup, RateLimit> groups = new EnumMap<>(RouteGroup.class);
			for (RouteGroup group : RouteGroup.values()) {
				Limit limit = set.get(group.toString());
				if (limit == null) {
					throw new IllegalArgumentException("keel.limits.roles." + role + "." + group + " is not set");
				}
				try {
					groups.put(group, RateLimit.parse(limit.rate(), limit.burst()));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(
							"keel.limits.roles." + role + "." + group + ": " + ex.getMessage());
				}
			}
			limits.put(role, groups);
		}
		for (String role : this.roles.keySet()) {
			if (!limits.containsKey(role)) {
				throw new IllegalArgumentException("keel.limits.roles." + role + ": not a role; use " + roleNames());
			}
			for (String group : this.roles.get(role).keySet()) {
				if (Arrays.stream(RouteGroup.values()).noneMatch(known -> known.toString().equals(group))) {
					throw new IllegalArgumentException("keel.limits.roles." + role + "." + group
							+ ": not a route group; use reads, writes, batches, test-runs or admin");
				}
			}
		}
		return limits;
	}

	private static java.util.Set<String> roleNames() {
		return Arrays.stream(Role.values())
			.map(Role::toString)
			.collect(Collectors.toCollection(() -> new java.util.TreeSet<>(java.util.Set.of(ANONYMOUS))));
	}

}
