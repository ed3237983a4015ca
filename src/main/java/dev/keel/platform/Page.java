package dev.keel.platform;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a list, as every paged endpoint answers it.
 *
 * @param items the page
 * @param limit the page size asked for
 * @param offset how many items the page skips ({@code 0} on a cursor page)
 * @param total how many items match the query
 * @param next the cursor of the following page, or {@code null} on the last one
 * @param <T> the item type
 */
public record Page<T>(List<T> items, int limit, long offset, long total, @Nullable String next) {

}
