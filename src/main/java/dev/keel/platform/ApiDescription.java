package dev.keel.platform;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI description served at {@code /v3/api-docs} and browsable at {@code /docs}:
 * its title, one tag per module, schemas named as the API's JSON names them, and the
 * rules every operation shares (errors are problems; 413, 414 and 415 come from the
 * platform's limits).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

	private static final String PROBLEM = "Problem";

	private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	@Bean
	OpenAPI keelApi() {
		return new OpenAPI()
			.info(new Info().title("Keel")
				.description("Freight rates, request statistics, a library catalog and content search. "
						+ "Every error is application/problem+json (RFC 9457); for bad input its `field` names "
						+ "the parameter or field at fault.")
				.version("0.1.0"))
			.tags(List.of(new Tag().name("Rates").description("Daily average freight prices and price uploads"),
					new Tag().name("Stats").description("Request counts by path, and load-test runs"),
					new Tag().name("Library").description("A catalog of authors and books"),
					new Tag().name("Search").description("Web-content items: bulk ingest and search")));
	}

	/**
	 * Schemas from the records as the application's own mapper writes and reads them.
	 */
	@Bean
	ModelResolver apiModels(JsonMapper json) {
		return RecordModels.of(json);
	}

	/**
	 * Every error answer is a problem; a body can be too large (413), any URI too long
	 * (414), any Content-Type a wildcard or multipart (415), any Accept unsatisfiable
	 * (406), and whatever needs the database unavailable (503, with Retry-After).
	 */
	@Bean
	OpenApiCustomizer sharedRules() {
		return ApiDescription::addSharedRules;
	}

	private static void addSharedRules(OpenAPI api) {
		Schema<?> problem = ModelConverters.getInstance()
			.resolveAsResolvedSchema(new AnnotatedType(Problem.class)).schema;
		api.getComponents().addSchemas(PROBLEM, problem);
		api.getPaths()
			.forEach((path, item) -> item.readOperations().forEach(operation -> addSharedRules(path, operation)));
	}

	// The simulated API and the load test never read the database (a test run is in
	// memory or Redis; its own 503 is described where Redis is).
	private static boolean needsTheDatabase(String path) {
		return !path.startsWith("/api/") && !path.startsWith("/test/");
	}

	private static void addSharedRules(String path, Operation operation) {
		if (operation.getParameters() != null) {
			// A parameter described in words only is text, as every query value is.
			operation.getParameters()
				.stream()
				.filter(parameter -> parameter.getSchema() == null && parameter.getContent() == null)
				.forEach(parameter -> parameter.setSchema(new StringSchema()));
		}
		ApiResponses responses = operation.getResponses();
		if (answersAPage(responses) && !takes(operation, "limit")) {
			addPaging(operation);
		}
		if (operation.getRequestBody() != null) {
			responses.putIfAbsent("413", error("the body is larger than the limit; nothing was stored"));
			if (operation.getRequestBody().getContent().keySet().equals(Set.of(JSON))) {
				responses.putIfAbsent("415", error("the body is not application/json"));
			}
		}
		responses.putIfAbsent("414", error("the path or the whole URI is longer than the limit "
				+ "(keel.http.max-path-length, keel.http.max-uri-length)"));
		responses.putIfAbsent("406", error("the Accept header allows no type this operation answers with"));
		responses.putIfAbsent("415", error("the Content-Type is a wildcard, multipart or not one media type"));
		if (needsTheDatabase(path)) {
			responses.putIfAbsent("503", error("the database is unavailable, or a write collided with others "
					+ "through every attempt; nothing was stored, try again after Retry-After seconds"));
			responses.get("503")
				.addHeaderObject(HttpHeaders.RETRY_AFTER,
						new Header().description("seconds to wait before trying again").schema(new IntegerSchema()));
		}
		responses.forEach((status, response) -> {
			if (status.startsWith("4") || status.startsWith("5")) {
				if (response.getDescription() == null || response.getDescription().isBlank()) {
					response.setDescription(HttpStatus.valueOf(Integer.parseInt(status)).getReasonPhrase());
				}
				// springdoc fills a response without content with the handler's
				// return type.
				if (response.getContent() == null || !response.getContent().containsKey(PROBLEM_JSON)) {
					response.setContent(new Content().addMediaType(PROBLEM_JSON,
							new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
				}
			}
		});
		Map<String, ApiResponse> sorted = new TreeMap<>(responses);
		responses.clear();
		responses.putAll(sorted);
	}

	private static boolean takes(Operation operation, String parameter) {
		return operation.getParameters() != null
				&& operation.getParameters().stream().anyMatch(p -> parameter.equals(p.getName()));
	}

	// Every list answers a *Page (the envelope) and takes the same paging parameters,
	// unless it describes paging of its own (the stats report: limit and offset only).
	private static boolean answersAPage(ApiResponses responses) {
		ApiResponse ok = responses.get("200");
		MediaType json = (ok != null && ok.getContent() != null) ? ok.getContent().get(JSON) : null;
		String type = (json != null && json.getSchema() != null) ? json.getSchema().get$ref() : null;
		return type != null && type.endsWith("Page");
	}

	private static void addPaging(Operation operation) {
		operation.addParametersItem(new Parameter().name("limit")
			.in("query")
			.description("items per page")
			.schema(new IntegerSchema().minimum(BigDecimal.ONE)
				.maximum(BigDecimal.valueOf(PageRequest.MAX_LIMIT))
				._default(PageRequest.DEFAULT_LIMIT)));
		operation.addParametersItem(new Parameter().name("offset")
			.in("query")
			.description("items to skip; not with cursor")
			.schema(new IntegerSchema().minimum(BigDecimal.ZERO)
				.maximum(BigDecimal.valueOf(PageRequest.MAX_OFFSET))
				._default(0)));
		operation.addParametersItem(new Parameter().name("cursor")
			.in("query")
			.description("the next of an earlier page, sent with the same filters and sort: the page after it, "
					+ "at any depth")
			.schema(new StringSchema()));
	}

	private static ApiResponse error(String description) {
		return new ApiResponse().description(description);
	}

}
