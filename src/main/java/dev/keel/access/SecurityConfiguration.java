package dev.keel.access;

import java.time.Clock;
import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import dev.keel.platform.Deployment;
import dev.keel.platform.FieldProblem;
import dev.keel.platform.InternalRequests;
import dev.keel.platform.RedisCircuit;

/**
 * Spring Security, stateless: no session, no login form, no CSRF token. Keys travel only
 * in request headers, which a browser's cross-site form post cannot set, and no cookie
 * ever authenticates, so there is nothing for a forged request to ride on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ SecuritySettings.class, LimitSettings.class })
class SecurityConfiguration {

	@Bean
	SecurityFilterChain keys(HttpSecurity http, ApiKeys keys, InternalRequests internal, AccessRefusals refusals,
			RequestLimits limits, SecuritySettings settings, Routes routes) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			// Answers say themselves how long they may be cached (ETag, Cache-Control).
			.headers(headers -> headers.cacheControl(cache -> cache.disable()))
			.addFilterBefore(new KeyAuthentication(keys, internal, refusals, limits), AuthorizationFilter.class)
			.authorizeHttpRequests(
					requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
						.permitAll()
						.anyRequest()
						.access(new RoleRule(settings, routes)))
			.exceptionHandling(refused -> refused.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
			.addFilterAfter((Filter) (request, response, chain) -> {
				if (limits.admit((HttpServletRequest) request, (HttpServletResponse) response)) {
					chain.doFilter(request, response);
				}
			}, AuthorizationFilter.class)
			.build();
	}

	/**
	 * No password ever authenticates: keys do, in {@link KeyAuthentication}. Without a
	 * bean of this kind Spring Boot would create a user with a generated password, and
	 * warn about it at every start that the security configuration is not fit for
	 * production.
	 */
	@Bean
	AuthenticationManager noPasswords() {
		return authentication -> {
			throw new ProviderNotFoundException("Keel authenticates API keys only");
		};
	}

	/**
	 * Spring Security's firewall, without its checks of parameters and headers: it makes
	 * them lazily, as the application reads them, and throws an exception that ends as a
	 * 500, where the platform refuses such names and values itself with a 400 naming them
	 * ({@code QueryParameters}, {@code Characters}, each module's header checks). Its
	 * checks of the URL and method stay, answered by {@link #refusedAsProblems}.
	 */
	@Bean
	HttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedParameterNames(name -> true);
		firewall.setAllowedParameterValues(value -> true);
		firewall.setAllowedHeaderNames(name -> true);
		firewall.setAllowedHeaderValues(value -> true);
		return firewall;
	}

	/** A URL or method the firewall refuses, as a 400 problem rather than a 500. */
	@Bean
	RequestRejectedHandler refusedAsProblems(AccessRefusals refusals) {
		return (request, response, rejected) -> refusals.problem(request, response, new FieldProblem(
				HttpStatus.BAD_REQUEST, "path",
				"refused as ambiguous or unsafe (a ';', '//', '..', an encoded '/' or '.'): " + rejected.getMessage()));
	}

	@Bean
	LimitStore limitStore(LimitSettings settings, ObjectProvider<RedisConnectionFactory> redis, RedisCircuit circuit,
			Deployment deployment, Clock clock) {
		return switch (settings.store()) {
			case LOCAL -> new LocalLimits(clock);
			case REDIS -> new RedisLimits(redis.getObject(), circuit, deployment.keys("limits"));
		};
	}

	/** The role each route group needs, where keys are required. */
	private record RoleRule(SecuritySettings settings,
			Routes routes) implements AuthorizationManager<RequestAuthorizationContext> {

		@Override
		public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
				RequestAuthorizationContext context) {
			HttpServletRequest request = context.getRequest();
			RouteGroup group = this.routes.group(request);
			if (group == null) {
				return new AuthorizationDecision(true);
			}
			Object principal = authentication.get().getPrincipal();
			if (InternalRequests.CLIENT.equals(principal)) {
				return new AuthorizationDecision(group == RouteGroup.READS);
			}
			if (principal instanceof ApiKey key) {
				Role required = group.required(this.settings.keyedReads());
				return new AuthorizationDecision(required == null || key.role().includes(required));
			}
			// Without a key: the embedded default serves everyone, and so do open reads.
			return new AuthorizationDecision(
					!this.settings.requireKeys() || group.required(this.settings.keyedReads()) == null);
		}

	}

}
