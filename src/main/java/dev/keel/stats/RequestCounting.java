package dev.keel.stats;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.keel.platform.Clients;

/**
 * Counts every request a route serves, by its path as received (query string ignored) and
 * by its client ({@link Clients#of}, named by the key filter before any handler). Spring
 * MVC calls an interceptor only once a handler matched, so a path no route serves (404),
 * a method a route does not take (405) and a path the URI limit refused (414) are never
 * counted; nor is {@code OPTIONS}, which asks about a route rather than using it.
 * Controller requests are counted before they run, so by the time a client has its answer
 * the count is in. The static resource handler only learns at the end whether it had a
 * file and took the method, so its GETs are counted after, unless they ended in 404 or
 * 405.
 */
@Component
class RequestCounting implements HandlerInterceptor, WebMvcConfigurer {

	private final RequestCounter counter;

	private final boolean enabled;

	RequestCounting(RequestCounter counter, StatsProperties properties) {
		this.counter = counter;
		this.enabled = properties.counting();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		if (this.enabled) {
			registry.addInterceptor(this);
		}
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod && request.getDispatcherType() == DispatcherType.REQUEST
				&& !HttpMethod.OPTIONS.matches(request.getMethod())) {
			this.counter.count(request.getRequestURI(), Clients.of(request));
		}
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (!(handler instanceof HandlerMethod) && request.getDispatcherType() == DispatcherType.REQUEST
				&& (HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod()))
				&& response.getStatus() != HttpStatus.NOT_FOUND.value()
				&& response.getStatus() != HttpStatus.METHOD_NOT_ALLOWED.value()) {
			this.counter.count(request.getRequestURI(), Clients.of(request));
		}
	}

}
