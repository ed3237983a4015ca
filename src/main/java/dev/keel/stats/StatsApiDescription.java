package dev.keel.stats;

import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The simulated API in the API description. Its route {@code /api/*}{@code /**} is no
 * OpenAPI path: it is shown as {@code /api/{path}}, beside {@code /api/}.
 */
@Configuration(proxyBeanMethods = false)
class StatsApiDescription {

	static final String WILDCARD = "/api/*/**";

	@Bean
	OpenApiCustomizer apiPathOperation() {
		return api -> {
			PathItem below = api.getPaths().remove(WILDCARD);
			if (below == null || below.getGet() == null) {
				return;
			}
			below.getGet()
				.operationId("getApiSubpath")
				.summary("A simulated API endpoint below /api/: answers with its own path")
				.addParametersItem(new PathParameter().name("path")
					.description("one or more path segments, sent as they are (a slash between segments is not "
							+ "encoded); a trailing slash makes another path")
					.schema(new StringSchema()));
			api.getPaths().addPathItem("/api/{path}", below);
		};
	}

}
