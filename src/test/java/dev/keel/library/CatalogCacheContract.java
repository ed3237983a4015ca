package dev.keel.library;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.keel.library.LibraryClient.Reply;

import static dev.keel.library.LibraryClient.fields;
import static dev.keel.library.LibraryClient.ids;
import static dev.keel.library.LibraryClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write is seen by the very next read, run once with the in-process cache and once
 * with Redis. Each test first reads every answer the write will change, so that it sits
 * in the cache, then writes, then reads them all again.
 */
abstract class CatalogCacheContract extends CatalogFixture {

	@Test
	void anAuthorsNewNameIsSeenWhereverTheirNameIsShown() {
		long renamed = this.library.author("Old Name");
		long coAuthor = this.library.author("Co-Author");
		long shared = this.library.book("Shared", coAuthor, renamed);
		long own = this.library.book("Own", renamed);
		long coAuthorsOwn = this.library.book("Co-author's own", coAuthor);
		List<String> reads = List.of("/authors/" + renamed, "/authors", "/authors?name=old", "/books/" + shared,
				"/books/" + own, "/books", "/books?author_id=" + coAuthor, "/authors/" + renamed + "/books",
				"/authors/" + coAuthor + "/books", "/books/" + shared + "/authors", "/books/" + own + "/authors");
		warm(reads);

		Reply replaced = this.library.put("/authors/" + renamed,
				fields("name", "New Name", "bio", "Now with a bio", "birth_date", "1950-01-01"));
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);

		Reply author = this.library.get("/authors/" + renamed);
		assertThat(author.etag()).isEqualTo("\"2\"");
		assertThat(author.json().path("name").asString()).isEqualTo("New Name");
		assertThat(names(this.library.ok("/authors").path("items"))).containsExactly("New Name", "Co-Author");
		assertThat(this.library.ok("/authors?name=old").path("items").isEmpty()).isTrue();
		assertThat(authorNames(this.library.ok("/books/" + shared))).containsExactly("Co-Author", "New Name");
		assertThat(authorNames(this.library.ok("/books/" + own))).containsExactly("New Name");
		assertThat(authorNamesOfItems(this.library.ok("/books"))).containsExactly(List.of("Co-Author", "New Name"),
				List.of("New Name"), List.of("Co-Author"));
		assertThat(authorNamesOfItems(this.library.ok("/books?author_id=" + coAuthor)))
			.containsExactly(List.of("Co-Author", "New Name"), List.of("Co-Author"));
		assertThat(authorNamesOfItems(this.library.ok("/authors/" + renamed + "/books")))
			.containsExactly(List.of("Co-Author", "New Name"), List.of("New Name"));
		assertThat(authorNamesOfItems(this.library.ok("/authors/" + coAuthor + "/books")))
			.containsExactly(List.of("Co-Author", "New Name"), List.of("Co-Author"));
		JsonNode authors = this.library.ok("/books/" + shared + "/authors");
		assertThat(names(authors)).containsExactly("Co-Author", "New Name");
		assertThat(authors.get(1)).isEqualTo(author.json());
		assertThat(this.library.ok("/books/" + own + "/authors").get(0)).isEqualTo(author.json());
	}

	@Test
	void aReplacedBookIsSeenByIdAndInEveryList() {
		long before = this.library.author("Before");
		long after = this.library.author("After");
		long book = this.library.bookPublishedOn("Old Title", "2001-01-01", before);
		long other = this.library.bookPublishedOn("Other", "2002-02-02", before);
		List<String> reads = List.of("/books/" + book, "/books/" + book + "/authors", "/books", "/books?title=old",
				"/books?title=new", "/books?sort=-title", "/books?author_id=" + before, "/books?author_id=" + after,
				"/books?published_before=2001-06-01", "/authors/" + before + "/books", "/authors/" + after + "/books");
		warm(reads);

		Reply replaced = this.library.put("/books/" + book,
				fields("title", "New Title", "publish_date", "2003-03-03", "author_ids", List.of(after)));
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);

		Reply read = this.library.get("/books/" + book);
		assertThat(read.etag()).isEqualTo("\"2\"");
		assertThat(read.json()).isEqualTo(replaced.json());
		assertThat(ids(this.library.ok("/books/" + book + "/authors"))).containsExactly(after);
		assertThat(titles("/books")).containsExactly("New Title", "Other");
		assertThat(titles("/books?title=old")).isEmpty();
		assertThat(titles("/books?title=new")).containsExactly("New Title");
		assertThat(titles("/books?sort=-title")).containsExactly("Other", "New Title");
		assertThat(this.library.ids("/books?author_id=" + before)).containsExactly(other);
		assertThat(this.library.ids("/books?author_id=" + after)).containsExactly(book);
		assertThat(this.library.ids("/books?published_before=2001-06-01")).isEmpty();
		assertThat(this.library.ids("/authors/" + before + "/books")).containsExactly(other);
		assertThat(titles("/authors/" + after + "/books")).containsExactly("New Title");
	}

	@Test
	void aLinkOrAnUnlinkIsSeenAtOnce() {
		long first = this.library.author("First");
		long second = this.library.author("Second");
		long book = this.library.book("Book", first);
		List<String> reads = List.of("/books/" + book, "/books/" + book + "/authors", "/books",
				"/books?author_id=" + second, "/authors/" + first + "/books", "/authors/" + second + "/books");
		warm(reads);

		assertThat(this.library.put("/books/" + book + "/authors/" + second, null, "\"1\"").status()).isEqualTo(200);

		Reply read = this.library.get("/books/" + book);
		assertThat(read.etag()).isEqualTo("\"2\"");
		assertThat(authorNames(read.json())).containsExactly("First", "Second");
		assertThat(names(this.library.ok("/books/" + book + "/authors"))).containsExactly("First", "Second");
		assertThat(authorNamesOfItems(this.library.ok("/books"))).containsExactly(List.of("First", "Second"));
		assertThat(this.library.ids("/books?author_id=" + second)).containsExactly(book);
		assertThat(authorNamesOfItems(this.library.ok("/authors/" + first + "/books")))
			.containsExactly(List.of("First", "Second"));
		assertThat(this.library.ids("/authors/" + second + "/books")).containsExactly(book);

		warm(reads);
		assertThat(this.library.delete("/books/" + book + "/authors/" + first, "\"2\"").status()).isEqualTo(200);

		read = this.library.get("/books/" + book);
		assertThat(read.etag()).isEqualTo("\"3\"");
		assertThat(authorNames(read.json())).containsExactly("Second");
		assertThat(names(this.library.ok("/books/" + book + "/authors"))).containsExactly("Second");
		assertThat(authorNamesOfItems(this.library.ok("/books"))).containsExactly(List.of("Second"));
		assertThat(this.library.ids("/authors/" + first + "/books")).isEmpty();
		assertThat(authorNamesOfItems(this.library.ok("/authors/" + second + "/books")))
			.containsExactly(List.of("Second"));
	}

	@Test
	void aDeletedBookIsGoneEverywhere() {
		long author = this.library.author("Author");
		long coAuthor = this.library.author("Co-Author");
		long book = this.library.book("Doomed", author, coAuthor);
		long other = this.library.book("Other", author);
		List<String> reads = List.of("/books/" + book, "/books/" + book + "/authors", "/books", "/books?title=doom",
				"/books?author_id=" + coAuthor, "/authors/" + author + "/books", "/authors/" + coAuthor + "/books");
		warm(reads);

		assertThat(this.library.delete("/books/" + book).status()).isEqualTo(204);

		this.library.get("/books/" + book).problem(404, "id");
		this.library.get("/books/" + book + "/authors").problem(404, "id");
		assertThat(this.library.ids("/books")).containsExactly(other);
		assertThat(this.library.ok("/books").path("total").asLong()).isEqualTo(1);
		assertThat(this.library.ids("/books?title=doom")).isEmpty();
		assertThat(this.library.ids("/books?author_id=" + coAuthor)).isEmpty();
		assertThat(this.library.ids("/authors/" + author + "/books")).containsExactly(other);
		assertThat(this.library.ids("/authors/" + coAuthor + "/books")).isEmpty();
	}

	@Test
	void aDeletedAuthorIsGoneEverywhereWithTheBooksTheyAloneWrote() {
		long leaving = this.library.author("Leaving");
		long staying = this.library.author("Staying");
		long alone = this.library.book("Alone", leaving);
		long shared = this.library.book("Shared", leaving, staying);
		List<String> reads = List.of("/authors/" + leaving, "/authors", "/authors?name=leav",
				"/authors/" + leaving + "/books", "/authors/" + staying + "/books", "/books/" + alone,
				"/books/" + alone + "/authors", "/books/" + shared, "/books/" + shared + "/authors", "/books",
				"/books?author_id=" + leaving, "/books?author_id=" + staying);
		warm(reads);

		assertThat(this.library.delete("/authors/" + leaving).status()).isEqualTo(204);

		this.library.get("/authors/" + leaving).problem(404, "id");
		this.library.get("/authors/" + leaving + "/books").problem(404, "id");
		assertThat(this.library.ids("/authors")).containsExactly(staying);
		assertThat(this.library.ids("/authors?name=leav")).isEmpty();
		this.library.get("/books/" + alone).problem(404, "id");
		this.library.get("/books/" + alone + "/authors").problem(404, "id");
		Reply kept = this.library.get("/books/" + shared);
		assertThat(kept.etag()).isEqualTo("\"2\"");
		assertThat(authorNames(kept.json())).containsExactly("Staying");
		assertThat(names(this.library.ok("/books/" + shared + "/authors"))).containsExactly("Staying");
		assertThat(authorNamesOfItems(this.library.ok("/books"))).containsExactly(List.of("Staying"));
		assertThat(this.library.ids("/books?author_id=" + leaving)).isEmpty();
		assertThat(authorNamesOfItems(this.library.ok("/authors/" + staying + "/books")))
			.containsExactly(List.of("Staying"));
	}

	@Test
	void aDeletedAuthorWithoutBooksHasNoBookListAnyMore() {
		long author = this.library.author("Wrote nothing yet");
		warm(List.of("/authors/" + author, "/authors/" + author + "/books", "/authors"));

		assertThat(this.library.delete("/authors/" + author).status()).isEqualTo(204);

		this.library.get("/authors/" + author).problem(404, "id");
		assertThat(this.library.ids("/authors")).isEmpty();
		this.library.get("/authors/" + author + "/books").problem(404, "id");
	}

	@Test
	void aNewAuthorOrBookAppearsInTheListsAtOnce() {
		long author = this.library.author("First");
		warm(List.of("/authors", "/authors?name=second", "/books", "/books?author_id=" + author,
				"/authors/" + author + "/books"));

		long second = this.library.author("Second");
		long book = this.library.book("Book", author, second);

		assertThat(this.library.ids("/authors")).containsExactly(author, second);
		assertThat(this.library.ids("/authors?name=second")).containsExactly(second);
		assertThat(this.library.ids("/books")).containsExactly(book);
		assertThat(this.library.ids("/books?author_id=" + author)).containsExactly(book);
		assertThat(this.library.ids("/authors/" + author + "/books")).containsExactly(book);
		assertThat(this.library.ids("/authors/" + second + "/books")).containsExactly(book);
	}

	@Test
	void aRefusedWriteLeavesTheCachedAnswersTrue() {
		long author = this.library.author("Author");
		long book = this.library.book("Book", author);
		warm(List.of("/authors/" + author, "/books/" + book, "/books"));

		this.library.put("/authors/" + author, fields("name", "Stale"), "\"7\"").problem(412, "If-Match");
		this.library.put("/books/" + book, fields("title", "Orphan", "author_id", author + 1000))
			.problem(422, "author_ids");

		assertThat(this.library.ok("/authors/" + author).path("name").asString()).isEqualTo("Author");
		assertThat(this.library.ok("/books/" + book).path("title").asString()).isEqualTo("Book");
		assertThat(titles("/books")).containsExactly("Book");
	}

	/** Reads each path twice, the second time from the cache. */
	private void warm(List<String> paths) {
		for (String path : paths) {
			JsonNode first = this.library.ok(path);
			assertThat(this.library.ok(path)).as(path).isEqualTo(first);
		}
	}

	private List<String> titles(String pathAndQuery) {
		return texts(this.library.ok(pathAndQuery).path("items"), "title");
	}

	private static List<String> names(JsonNode array) {
		return texts(array, "name");
	}

	private static List<String> authorNames(JsonNode book) {
		return names(book.path("authors"));
	}

	private static List<List<String>> authorNamesOfItems(JsonNode page) {
		return page.path("items").valueStream().map(CatalogCacheContract::authorNames).toList();
	}

}
