package dev.keel.search;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Documentation only: the body of {@code POST /v1/bulk}, which {@link BulkReader} reads
 * as a stream rather than binding it.
 *
 * @param items the records, in order
 */
@Schema(description = "The records to store; no other top-level field")
record BulkRequest(List<Record> items) {

	/**
	 * One record as it arrives. Each field may be missing or malformed: the record is
	 * then rejected (a record that is not an object is rejected as {@code item}). Other
	 * fields are ignored.
	 *
	 * @param title the title
	 * @param uri the URL
	 * @param date the date, in a listed format
	 */
	@Schema(name = "BulkRecord", description = "A record; other fields are ignored",
			additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
	record Record(@Nullable String title, @Nullable String uri, @Nullable String date) {

	}

}
