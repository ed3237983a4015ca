package dev.keel.access;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The route group of a request, or none: on a management port of its own (which only
 * operators reach) and for health, every request is served unchecked and unlimited.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class Routes {

	private final int managementPort;

	Routes(@Value("${management.server.port:}") @Nullable Integer managementPort,
			@Value("${server.port:8080}") int serverPort) {
		this.managementPort = (managementPort != null && managementPort != serverPort) ? managementPort : -1;
	}

	@Nullable RouteGroup group(HttpServletRequest request) {
		if (request.getLocalPort() == this.managementPort) {
			return null;
		}
		return RouteGroup.of(request);
	}

}
