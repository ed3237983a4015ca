package dev.keel.search;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.keel.platform.BodyLimit;
import dev.keel.platform.InvalidInput;
import dev.keel.platform.Listing;
import dev.keel.platform.QueryParameters;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /v1/bulk}, {@code GET /v1/{id}} and {@code GET /v1/}. */
@RestController
class SearchController {

	private final BulkReader reader;

	private final Ingest ingest;

	private final Items items;

	private final SearchCache cache;

	private final SearchProperties properties;

	private final JsonMapper json;

	SearchController(BulkReader reader, Ingest ingest, Items items, SearchCache cache, SearchProperties properties,
			JsonMapper json) {
		this.reader = reader;
		this.ingest = ingest;
		this.items = items;
		this.cache = cache;
		this.properties = properties;
		this.json = json;
	}

	@Bean
	static BodyLimit bulkBodyLimit(SearchProperties properties) {
		return new BodyLimit("/v1/bulk", properties.maxBodySize());
	}

	@PostMapping(path = "/v1/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
	BulkResult bulk(HttpServletRequest request) throws IOException {
		QueryParameters.requireOnly(request, Set.of("atomic"));
		boolean atomic = atomic(request.getParameter("atomic"));
		Batch batch = new Batch();
		this.reader.read(request.getInputStream(), this.properties.maxItems(), batch::add);
		return this.ingest.store(batch, atomic);
	}

	@GetMapping("/v1/{id}")
	ResponseEntity<byte[]> item(@PathVariable long id) {
		byte[] body = this.cache.item(id, () -> this.json
			.writeValueAsBytes(this.items.find(id).orElseThrow(() -> new SearchProblems.NotFound(id))));
		return ok(body);
	}

	@GetMapping({ "/v1", "/v1/" })
	ResponseEntity<byte[]> search(HttpServletRequest request) {
		SearchParameters parameters = new SearchParameters(request);
		Listing query = parameters.query();
		byte[] body = this.cache.search(query.cacheKey(),
				() -> this.json.writeValueAsBytes(this.items.search(query, parameters.term())));
		return ok(body);
	}

	private static ResponseEntity<byte[]> ok(byte[] body) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private static boolean atomic(String value) {
		if (value == null || value.equals("false")) {
			return false;
		}
		if (value.equals("true")) {
			return true;
		}
		throw new InvalidInput("atomic", "'" + value + "' is neither true nor false");
	}

}
