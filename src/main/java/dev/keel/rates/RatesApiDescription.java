package dev.keel.rates;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code GET /rates_null} in the API description. One handler serves it and
 * {@code GET /rates}, so their annotations are the same; here the second gets its own id,
 * summary and default.
 */
@Configuration(proxyBeanMethods = false)
class RatesApiDescription {

	@Bean
	OpenApiCustomizer ratesNullOperation() {
		return api -> {
			PathItem path = api.getPaths().get("/rates_null");
			Operation operation = (path != null) ? path.getGet() : null;
			if (operation == null) {
				return;
			}
			operation.operationId("getRatesNull")
				.summary("Average price per day between two ports or regions, null below 3 prices")
				.description(operation.getDescription().replace("min_prices prices", "min_prices prices (3 here)"));
			for (Parameter parameter : operation.getParameters()) {
				if (parameter.getName().equals("min_prices")) {
					// A copy: the schema object is shared with GET /rates.
					parameter.schema(new io.swagger.v3.oas.models.media.IntegerSchema().format("int32")
						.minimum(java.math.BigDecimal.ZERO)
						._default(3));
				}
			}
		};
	}

}
