package dev.keel.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title of the generated OpenAPI description (served at /docs). */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

	@Bean
	OpenAPI keelApi() {
		return new OpenAPI().info(new Info().title("Keel")
			.description("Freight rates, request statistics, a library catalog and content search. "
					+ "Every error is application/problem+json (RFC 9457) naming the field at fault.")
			.version("0.1.0"));
	}

}
