package dev.keel.library;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import dev.keel.platform.Page;

/**
 * Documentation only: the {@link Page} of books that {@code GET /books} and {@code GET
 * /authors/{id}/books} write (annotations cannot name a generic type).
 */
@Schema(description = "A page of books")
record BookPage(List<Book> items, int limit, long offset, long total, @Nullable String next) {

}
