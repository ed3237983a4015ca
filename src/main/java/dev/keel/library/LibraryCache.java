package dev.keel.library;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import dev.keel.platform.Evictions;
import dev.keel.platform.ResponseCache;
import dev.keel.platform.ResponseCaches;

/**
 * Cached answers of the catalog, in scopes a write can name exactly: one per author
 * ({@code author:<id>}), per book with its author list ({@code book:<id>}), per author's
 * book lists ({@code author-books:<id>}), and one for all author lists and one for all
 * book lists (a write may move any page of them).
 */
@Component
class LibraryCache {

	static final String AUTHOR_LISTS = "authors";

	static final String BOOK_LISTS = "books";

	private final ResponseCache cache;

	LibraryCache(ResponseCaches caches, LibraryProperties properties) {
		this.cache = caches.create("library", properties.cacheEnabled());
	}

	byte[] get(String scope, String key, Supplier<byte[]> loader) {
		return this.cache.get(scope, key, loader);
	}

	void evict(Evictions evictions, Collection<String> scopes) {
		evictions.evict(this.cache, scopes);
	}

	void evictAll(Evictions evictions) {
		evictions.evictAll(this.cache);
	}

	static String author(long id) {
		return "author:" + id;
	}

	static String book(long id) {
		return "book:" + id;
	}

	static String authorBooks(long id) {
		return "author-books:" + id;
	}

	/** The scopes a change to some books and authors can reach. */
	static final class Scopes {

		private final Set<String> scopes = new LinkedHashSet<>();

		Scopes add(String scope) {
			this.scopes.add(scope);
			return this;
		}

		/** Books changed: themselves, every book list, and their authors' book lists. */
		Scopes books(Collection<Long> bookIds, Collection<Long> authorIds) {
			add(BOOK_LISTS);
			bookIds.forEach(id -> add(book(id)));
			authorIds.forEach(id -> add(authorBooks(id)));
			return this;
		}

		Set<String> all() {
			return this.scopes;
		}

	}

}
