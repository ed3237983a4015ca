package dev.keel.rates;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.keel.platform.Page;

/**
 * Documentation only: the {@link Page} of batches that {@code GET /rates/batches} writes
 * (annotations cannot name a generic type).
 */
@Schema(description = "A page of price batches, newest first")
record PriceBatchPage(List<PriceBatch> items, int limit, long offset, long total, @Nullable String next) {

}
