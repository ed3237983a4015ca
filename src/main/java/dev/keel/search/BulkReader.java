package dev.keel.search;

import java.io.InputStream;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import dev.keel.platform.InvalidInput;
import dev.keel.platform.JsonProblems;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code {"items": [...]}} as a stream: one record at a time is parsed, checked and
 * handed on, so a large body is never held whole.
 */
@Component
class BulkReader {

	private final JsonMapper json;

	BulkReader(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Hands every record's outcome to {@code each}, in order. Past {@code maxItems}
	 * records it throws {@link SearchProblems.TooManyItems}; a body that is not the
	 * source format is a 400 naming where it breaks.
	 */
	void read(InputStream body, int maxItems, Consumer<RecordRules.Outcome> each) {
		try (JsonParser parser = this.json.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new InvalidInput("items", "the body must be a JSON object {\"items\": [...]}");
			}
			boolean seen = false;
			for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
				String name = parser.currentName();
				if (!"items".equals(name)) {
					throw new InvalidInput(name, "is not a field of a bulk request (only items)");
				}
				if (seen) {
					throw new InvalidInput("items", "is given twice");
				}
				seen = true;
				if (parser.nextToken() != JsonToken.START_ARRAY) {
					throw new InvalidInput("items", "must be an array");
				}
				int index = 0;
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					if (index == maxItems) {
						throw new SearchProblems.TooManyItems(maxItems);
					}
					JsonNode record = parser.readValueAsTree();
					each.accept(RecordRules.check(index++, record));
				}
			}
			if (!seen) {
				throw new InvalidInput("items", "is missing");
			}
			if (parser.nextToken() != null) {
				throw new InvalidInput("items", "the body goes on after its JSON object");
			}
		}
		catch (JacksonException ex) {
			throw JsonProblems.describe(ex, "items");
		}
	}

}
