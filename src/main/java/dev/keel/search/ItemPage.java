package dev.keel.search;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.keel.platform.Page;

/**
 * Documentation only: the {@link Page} of items that {@code GET /v1/} writes (annotations
 * cannot name a generic type).
 */
@Schema(description = "A page of items, newest first")
record ItemPage(List<Item> items, int limit, long offset, long total, @Nullable String next) {

}
