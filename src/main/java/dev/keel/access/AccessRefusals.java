package dev.keel.access;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.keel.platform.FieldProblem;

/**
 * Answers what the access module refuses as the platform's problems, and counts each
 * refusal in {@code keel.access.refused} by reason and route group. Spring Security's
 * denials arrive here too: without a key as a missing key (401), with one as a role too
 * low (403).
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AccessRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final HandlerExceptionResolver problems;

	private final SecuritySettings settings;

	private final MeterRegistry meters;

	private final Routes routes;

	AccessRefusals(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems, SecuritySettings settings,
			MeterRegistry meters, Routes routes) {
		this.problems = problems;
		this.routes = routes;
		this.settings = settings;
		this.meters = meters;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex) {
		RouteGroup group = group(request);
		refuse(request, response, new AccessProblems.MissingKey(group, required(group)));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		RouteGroup group = group(request);
		if (authentication != null && authentication.getPrincipal() instanceof ApiKey key) {
			refuse(request, response, new AccessProblems.WrongRole(key.name(), key.role(), group, required(group)));
		}
		else {
			refuse(request, response, new AccessProblems.MissingKey(group, required(group)));
		}
	}

	/** Answers {@code refusal} and counts it. */
	void refuse(HttpServletRequest request, HttpServletResponse response, FieldProblem refusal) {
		RouteGroup group = this.routes.group(request);
		Counter.builder("keel.access.refused")
			.description("requests refused for their key: missing, invalid, in the URL, or of a role too low")
			.tag("reason", reason(refusal))
			.tag("group", (group != null) ? group.toString() : "none")
			.register(this.meters)
			.increment();
		problem(request, response, refusal);
	}

	/** Answers {@code problem} as every problem (or failure) is answered. */
	void problem(HttpServletRequest request, HttpServletResponse response, Exception problem) {
		this.problems.resolveException(request, response, null, problem);
	}

	private RouteGroup group(HttpServletRequest request) {
		RouteGroup group = this.routes.group(request);
		return (group != null) ? group : RouteGroup.READS;
	}

	private Role required(RouteGroup group) {
		Role required = group.required(this.settings.keyedReads());
		return (required != null) ? required : Role.READER;
	}

	private static String reason(FieldProblem refusal) {
		String simple = refusal.getClass().getSimpleName();
		return simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
