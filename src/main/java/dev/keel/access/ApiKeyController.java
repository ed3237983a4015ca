package dev.keel.access;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/api-keys}: create, list, read and revoke keys (admin keys only). */
@RestController
@Tag(name = "Access")
class ApiKeyController {

	private static final String KEY_EXAMPLE = """
			{"name":"ci","role":"writer","rate_limit":"100/1m","created_at":"2026-12-08T10:00:00Z",\
			"expires_at":null,"revoked_at":null}""";

	private final ApiKeys keys;

	ApiKeyController(ApiKeys keys) {
		this.keys = keys;
	}

	@Operation(operationId = "createApiKey", summary = "Create an API key; its secret is shown this once",
			description = "Only the key's SHA-256 digest is kept. A name that a revoked key had may be given again.")
	@ApiResponse(responseCode = "201", description = "created; `key` is the secret, never shown again",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/admin/api-keys/{name}",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ApiKey.Created.class), examples = @ExampleObject(value = """
							{"name":"ci","role":"writer","rate_limit":"100/1m","created_at":"2026-12-08T10:00:00Z",\
							"expires_at":null,"key":"keel_3q2-7wEjvPFzUTcTLW3nkhDRRmwHBtZ2cwfTqY5qdLw"}""")))
	@ApiResponse(responseCode = "400",
			description = "a missing, malformed or unknown field: a name not of the allowed form or reserved, a role "
					+ "that is not one, a rate limit not N/PERIOD, an expiry not in the future")
	@ApiResponse(responseCode = "409", description = "a key that is not revoked has this name")
	@PostMapping(path = "/admin/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ApiKey.Created> create(@RequestBody ApiKeyInput body) {
		ApiKey.Created created = body.createIn(this.keys);
		return ResponseEntity.created(URI.create("/admin/api-keys/" + created.name())).body(created);
	}

	@Operation(operationId = "listApiKeys", summary = "Every key, revoked ones too, by name")
	@ApiResponse(responseCode = "200", description = "the keys, without their secrets",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = KeyList.class),
					examples = @ExampleObject(value = "{\"items\":[" + KEY_EXAMPLE + "]}")))
	@GetMapping("/admin/api-keys")
	KeyList list() {
		return new KeyList(this.keys.list());
	}

	@Operation(operationId = "getApiKey", summary = "One key, without its secret")
	@ApiResponse(responseCode = "200", description = "the key",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ApiKey.class), examples = @ExampleObject(value = KEY_EXAMPLE)))
	@ApiResponse(responseCode = "404", description = "no key has this name")
	@GetMapping("/admin/api-keys/{name}")
	ApiKey get(@PathVariable String name) {
		return this.keys.get(name);
	}

	@Operation(operationId = "revokeApiKey", summary = "Revoke a key",
			description = "Every instance refuses the key within a second. The key stays listed, with `revoked_at`; "
					+ "revoking it again changes nothing.")
	@ApiResponse(responseCode = "200", description = "revoked",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = ApiKey.class), examples = @ExampleObject(value = """
							{"name":"ci","role":"writer","rate_limit":null,"created_at":"2026-12-08T10:00:00Z",\
							"expires_at":null,"revoked_at":"2026-12-08T11:00:00Z"}""")))
	@ApiResponse(responseCode = "404", description = "no key has this name")
	@DeleteMapping("/admin/api-keys/{name}")
	ApiKey revoke(@PathVariable String name) {
		return this.keys.revoke(name);
	}

	/** The keys, by name. */
	record KeyList(List<ApiKey> items) {

	}

}
