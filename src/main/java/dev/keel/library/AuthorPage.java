package dev.keel.library;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.keel.platform.Page;

/**
 * Documentation only: the {@link Page} of authors that {@code GET /authors} writes
 * (annotations cannot name a generic type).
 */
@Schema(description = "A page of authors")
record AuthorPage(List<Author> items, int limit, long offset, long total, @Nullable String next) {

}
