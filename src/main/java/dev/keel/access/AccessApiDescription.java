package dev.keel.access;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * What keys and limits add to every operation's description: the two ways to send a key,
 * the role its route group needs, and the answers any operation may give for its key
 * (401, 403) or its limit (429, and the rate-limit headers on every answer).
 */
@Configuration(proxyBeanMethods = false)
class AccessApiDescription {

	private static final String PROBLEM = "#/components/schemas/Problem";

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	@Bean
	OpenApiCustomizer keysAndLimits() {
		return api -> {
			api.addTagsItem(new Tag().name("Access").description("API keys (admin keys only)"));
			api.getComponents()
				.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
				.addSecuritySchemes("apiKey",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name(KeyAuthentication.API_KEY_HEADER));
			api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				RouteGroup group = RouteGroup.of(path, method.name());
				if (group != null) {
					describe(operation, group);
				}
			}));
		};
	}

	private static void describe(Operation operation, RouteGroup group) {
		Role required = group.required(false);
		String who = (required != null) ? "a key with the role " + required + " (in production; optional embedded)"
				: "no key unless keel.security.reads=key";
		operation.setDescription(((operation.getDescription() != null) ? operation.getDescription() + "\n\n" : "")
				+ "Route group " + group + ": " + who + ".");
		operation.setSecurity(List.of(new SecurityRequirement().addList("bearer"),
				new SecurityRequirement().addList("apiKey"), new SecurityRequirement()));
		operation.getResponses().forEach((status, response) -> {
			if (status.startsWith("2")) {
				limitHeaders(response);
			}
		});
		operation.getResponses()
			.putIfAbsent("401",
					problem("a key was needed and not sent, or the key sent is malformed, unknown, "
							+ "revoked or expired")
						.addHeaderObject(HttpHeaders.WWW_AUTHENTICATE,
								new Header().description("Bearer").schema(new StringSchema())));
		if (required != null) {
			operation.getResponses().putIfAbsent("403", problem("the key's role does not reach this route group"));
		}
		operation.getResponses()
			.putIfAbsent("429",
					limitHeaders(problem("the client's limit for this route group is used up")).addHeaderObject(
							HttpHeaders.RETRY_AFTER,
							new Header().description("seconds until the limit allows a request")
								.schema(new IntegerSchema())));
	}

	private static ApiResponse limitHeaders(ApiResponse response) {
		return response
			.addHeaderObject("RateLimit-Policy",
					new Header().description("the client's limit: \"group\";q=requests;w=seconds")
						.schema(new StringSchema()))
			.addHeaderObject("RateLimit",
					new Header().description("where the client stands: \"group\";r=remaining;t=seconds until more")
						.schema(new StringSchema()));
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(PROBLEM))));
	}

}
