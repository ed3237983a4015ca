package dev.keel.platform;

import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every endpoint refuses query parameters it does not take, and any parameter given
 * twice. A handler that reads the request itself checks its parameters with
 * {@link QueryParameters#requireOnly}; for every other Keel handler this interceptor
 * does, against the handler's {@code @RequestParam}s (usually none), so that
 * {@code POST /authors?colour=red} is refused as {@code GET /authors?colour=red} is.
 */
@Component
class UndeclaredParameters implements HandlerInterceptor, WebMvcConfigurer {

	// Empty for a handler that reads the request itself; computed once per handler, as
	// GET /rates is the hot path.
	private final Map<Method, Optional<Set<String>>> declared = new ConcurrentHashMap<>();

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String query = request.getQueryString();
		if (query == null || !(handler instanceof HandlerMethod method)
				|| !method.getBeanType().getPackageName().startsWith("dev.keel.")) {
			return true;
		}
		Optional<Set<String>> declared = this.declared.computeIfAbsent(method.getMethod(), m -> declaredBy(method));
		if (declared.isEmpty()) {
			return true;
		}
		Set<String> allowed = declared.get();
		Map<String, Integer> seen = new HashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			String name = name(pair);
			if (!allowed.contains(name)) {
				throw QueryParameters.unknown(name, allowed);
			}
			if (seen.merge(name, 1, Integer::sum) > 1) {
				throw QueryParameters.repeated(name);
			}
		}
		return true;
	}

	private static String name(String pair) {
		int equals = pair.indexOf('=');
		String raw = (equals >= 0) ? pair.substring(0, equals) : pair;
		try {
			return Characters.check("query", URLDecoder.decode(raw, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInput("query", "not a valid query string");
		}
	}

	// Empty for a handler that takes the request and checks its parameters itself.
	private static Optional<Set<String>> declaredBy(HandlerMethod method) {
		MethodParameter[] parameters = method.getMethodParameters();
		if (Stream.of(parameters).anyMatch(p -> HttpServletRequest.class.isAssignableFrom(p.getParameterType()))) {
			return Optional.empty();
		}
		return Optional.of(Stream.of(parameters)
			.filter(p -> p.hasParameterAnnotation(RequestParam.class))
			.map(UndeclaredParameters::nameOf)
			.collect(Collectors.toUnmodifiableSet()));
	}

	private static String nameOf(MethodParameter parameter) {
		RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
		String name = (annotation != null) ? annotation.name() : "";
		if (name.isEmpty()) {
			parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
			name = String.valueOf(parameter.getParameterName());
		}
		return name;
	}

}
