package dev.keel.access;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import dev.keel.platform.Clients;
import dev.keel.platform.InternalRequests;

/**
 * Limits every request per client and route group: a client is its key, or without one
 * the address the trusted load balancer passed (never a header the client sets). A key
 * with a limit of its own has that one bucket for all its requests. Every limited answer
 * says where its client stands in {@code RateLimit-Policy} and {@code RateLimit} (IETF
 * httpapi draft 09); a refused one is a 429 problem with {@code Retry-After}.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RequestLimits {

	private static final Logger log = LoggerFactory.getLogger(RequestLimits.class);

	private final LimitStore store;

	private final LimitSettings settings;

	private final Map<String, Map<RouteGroup, RateLimit>> limits;

	private final Routes routes;

	private final AccessRefusals refusals;

	private final MeterRegistry meters;

	private final Counter unchecked;

	private volatile boolean storeFailing;

	RequestLimits(LimitStore store, LimitSettings settings, Routes routes, AccessRefusals refusals,
			MeterRegistry meters) {
		this.store = store;
		this.settings = settings;
		this.limits = settings.limits();
		this.routes = routes;
		this.refusals = refusals;
		this.meters = meters;
		this.unchecked = Counter.builder("keel.limits.unchecked")
			.description("requests served without a limit check, because the limit store was unreachable")
			.register(meters);
	}

	/**
	 * Looks of keys in the database, per address: only lookups the cache cannot answer
	 * count, so a client with a valid key never meets this limit, while one sending
	 * made-up keys cannot make each of them cost the database a query.
	 */
	static final RateLimit KEY_LOOKUPS = new RateLimit(100, java.time.Duration.ofSeconds(1), 200);

	/**
	 * Takes a token for a key lookup by the address of {@code request}; null if limits
	 * are off or cannot be checked (the lookup then goes ahead).
	 */
	LimitStore.@Nullable Take keyLookup(HttpServletRequest request) {
		if (!this.settings.enabled()) {
			return null;
		}
		try {
			return this.store.take("key-lookups:address:" + request.getRemoteAddr(), KEY_LOOKUPS);
		}
		// Unchecked, the lookup goes ahead; the request's own limit counts it as such.
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Whether {@code request} may go on; if not, its answer is written. */
	boolean admit(HttpServletRequest request, HttpServletResponse response) {
		RouteGroup group = this.routes.group(request);
		if (!this.settings.enabled() || group == null || request.getDispatcherType() != DispatcherType.REQUEST
				|| Clients.of(request).equals(InternalRequests.CLIENT)) {
			return true;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		ApiKey key = (authentication != null && authentication.getPrincipal() instanceof ApiKey sent) ? sent : null;
		String policy = group.toString();
		RateLimit limit;
		String bucket;
		RateLimit own = (key != null) ? key.ownLimit() : null;
		if (own != null) {
			policy = "key";
			limit = own;
			bucket = "key:" + key.name();
		}
		else {
			String role = (key != null) ? key.role().toString() : LimitSettings.ANONYMOUS;
			limit = this.limits.get(role).get(group);
			bucket = group + ":" + ((key != null) ? "key:" + key.name() : "address:" + request.getRemoteAddr());
		}
		LimitStore.Take take;
		try {
			take = this.store.take(bucket, limit);
			if (this.storeFailing) {
				this.storeFailing = false;
				log.info("Request limits: the store answers again; limits apply again");
			}
		}
		catch (RuntimeException ex) {
			return unchecked(request, response, ex);
		}
		response.setHeader("RateLimit-Policy", "\"" + policy + "\";q=" + limit.burst() + ";w=" + limit.windowSeconds());
		response.setHeader("RateLimit", "\"" + policy + "\";r=" + take.remaining() + ";t=" + take.resetSeconds());
		if (take.allowed()) {
			return true;
		}
		Counter.builder("keel.limits.refused")
			.description("requests refused with 429 because their client's limit was used up")
			.tag("group", group.toString())
			.register(this.meters)
			.increment();
		this.refusals.problem(request, response, new AccessProblems.TooManyRequests(policy, take.resetSeconds()));
		return false;
	}

	private boolean unchecked(HttpServletRequest request, HttpServletResponse response, RuntimeException ex) {
		this.unchecked.increment();
		if (!this.storeFailing) {
			this.storeFailing = true;
			log.warn("Request limits: the store is unreachable ({}); requests are {} until it answers", ex.toString(),
					(this.settings.onStoreFailure() == LimitSettings.Failure.OPEN) ? "served unchecked (fail open)"
							: "refused with 503 (fail closed)");
		}
		if (this.settings.onStoreFailure() == LimitSettings.Failure.OPEN) {
			return true;
		}
		this.refusals.problem(request, response, new AccessProblems.LimitsUnavailable());
		return false;
	}

}
