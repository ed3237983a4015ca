package dev.keel.library;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.keel.library.LibraryClient.Reply;

import static dev.keel.library.LibraryClient.fields;
import static dev.keel.library.LibraryClient.ids;
import static dev.keel.library.LibraryClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writes of the library API as a user sees them, run once on the embedded storage and
 * once on the real PostgreSQL and Redis: authors and books created, replaced and deleted,
 * the order of a book's authors, the rule for deleting an author, optimistic locking and
 * the validation of every field. Each test starts from an empty catalog, and every
 * refused write is checked to have stored nothing.
 */
abstract class CatalogContract extends CatalogFixture {

	// The service refuses dates after today anywhere on Earth (UTC+14), at most a day
	// ahead of UTC.
	static final LocalDate FUTURE = LocalDate.now(ZoneOffset.UTC).plusDays(2);

	@Test
	void createsReadsReplacesAndDeletesAnAuthor() {
		Reply created = this.library.post("/authors",
				fields("name", "  Ursula K. Le Guin ", "bio", "Wrote Earthsea.", "birth_date", "1929-10-21"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.contentType()).startsWith("application/json");
		JsonNode author = created.json();
		long id = author.path("id").asLong();
		assertThat(created.location()).isEqualTo("/authors/" + id);
		assertThat(created.etag()).isEqualTo("\"1\"");
		assertThat(author.propertyNames()).containsExactly("id", "name", "bio", "birth_date", "version");
		assertThat(author.path("name").asString()).isEqualTo("Ursula K. Le Guin");
		assertThat(author.path("bio").asString()).isEqualTo("Wrote Earthsea.");
		assertThat(author.path("birth_date").asString()).isEqualTo("1929-10-21");
		assertThat(author.path("version").asLong()).isEqualTo(1);

		Reply read = this.library.get("/authors/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.etag()).isEqualTo("\"1\"");
		assertThat(read.json()).isEqualTo(author);

		// PUT replaces the whole author: what it leaves out is gone.
		Reply replaced = this.library.put("/authors/" + id, fields("name", "Ursula Le Guin"));
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(replaced.etag()).isEqualTo("\"2\"");
		assertThat(replaced.json().path("name").asString()).isEqualTo("Ursula Le Guin");
		assertThat(replaced.json().path("bio").isNull()).isTrue();
		assertThat(replaced.json().path("birth_date").isNull()).isTrue();
		assertThat(replaced.json().path("version").asLong()).isEqualTo(2);
		Reply reread = this.library.get("/authors/" + id);
		assertThat(reread.etag()).isEqualTo("\"2\"");
		assertThat(reread.json()).isEqualTo(replaced.json());
		assertThat(this.library.stored()).containsExactly("author " + id + " Ursula Le Guin null null v2");

		Reply deleted = this.library.delete("/authors/" + id);
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		this.library.get("/authors/" + id).problem(404, "id");
		this.library.put("/authors/" + id, fields("name", "Again")).problem(404, "id");
		this.library.delete("/authors/" + id).problem(404, "id");
		assertThat(this.library.stored()).isEmpty();
	}

	@Test
	void createsReadsReplacesAndDeletesABook() {
		long le = this.library.author("Ursula K. Le Guin");
		long vonda = this.library.author("Vonda N. McIntyre");
		Reply created = this.library.post("/books",
				fields("title", " The Dispossessed ", "description", "An ambiguous utopia.", "publish_date",
						"1974-05-01", "isbn", "0-06-051275-X", "author_ids", List.of(vonda, le)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode book = created.json();
		long id = book.path("id").asLong();
		assertThat(created.location()).isEqualTo("/books/" + id);
		assertThat(created.etag()).isEqualTo("\"1\"");
		assertThat(book.propertyNames()).containsExactly("id", "title", "description", "publish_date", "isbn",
				"author_ids", "authors", "version");
		assertThat(book.path("title").asString()).isEqualTo("The Dispossessed");
		assertThat(book.path("description").asString()).isEqualTo("An ambiguous utopia.");
		assertThat(book.path("publish_date").asString()).isEqualTo("1974-05-01");
		assertThat(book.path("isbn").asString()).isEqualTo("9780060512750");
		assertThat(longs(book.path("author_ids"))).containsExactly(vonda, le);
		assertThat(ids(book.path("authors"))).containsExactly(vonda, le);
		assertThat(texts(book.path("authors"), "name")).containsExactly("Vonda N. McIntyre", "Ursula K. Le Guin");
		assertThat(book.path("authors").get(0).propertyNames()).containsExactly("id", "name");
		assertThat(book.path("version").asLong()).isEqualTo(1);

		Reply read = this.library.get("/books/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.etag()).isEqualTo("\"1\"");
		assertThat(read.json()).isEqualTo(book);

		// A single author_id replaces the authors; what the PUT leaves out is gone.
		Reply replaced = this.library.put("/books/" + id, fields("title", "The Dispossessed", "author_id", le));
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(replaced.etag()).isEqualTo("\"2\"");
		JsonNode after = replaced.json();
		assertThat(after.path("description").isNull()).isTrue();
		assertThat(after.path("publish_date").isNull()).isTrue();
		assertThat(after.path("isbn").isNull()).isTrue();
		assertThat(longs(after.path("author_ids"))).containsExactly(le);
		assertThat(after.path("version").asLong()).isEqualTo(2);
		assertThat(this.library.get("/books/" + id).json()).isEqualTo(after);
		assertThat(this.library.storedAuthorsOf(id)).containsExactly(le);

		Reply deleted = this.library.delete("/books/" + id);
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		this.library.get("/books/" + id).problem(404, "id");
		this.library.get("/books/" + id + "/authors").problem(404, "id");
		this.library.delete("/books/" + id).problem(404, "id");
		// The authors stay.
		assertThat(this.library.stored()).containsExactly("author " + le + " Ursula K. Le Guin null null v1",
				"author " + vonda + " Vonda N. McIntyre null null v1");
	}

	@Test
	void aMissingAuthorOrBookIsNotFound() {
		long author = this.library.author("Octavia E. Butler");
		long book = this.library.book("Kindred", author);
		long noAuthor = author + 1000;
		long noBook = book + 1000;
		this.library.get("/authors/" + noAuthor).problem(404, "id");
		this.library.get("/authors/" + noAuthor + "/books").problem(404, "id");
		this.library.put("/authors/" + noAuthor, fields("name", "Nobody")).problem(404, "id");
		this.library.delete("/authors/" + noAuthor).problem(404, "id");
		this.library.get("/books/" + noBook).problem(404, "id");
		this.library.get("/books/" + noBook + "/authors").problem(404, "id");
		this.library.put("/books/" + noBook, fields("title", "Nothing", "author_id", author)).problem(404, "id");
		this.library.delete("/books/" + noBook).problem(404, "id");
		this.library.put("/books/" + noBook + "/authors/" + author, null, "*").problem(404, "id");
		this.library.delete("/books/" + noBook + "/authors/" + author).problem(404, "id");
		this.library.put("/books/" + book + "/authors/" + noAuthor, null, "*").problem(404, "authorId");
		// An author who exists but did not write the book.
		long other = this.library.author("Samuel R. Delany");
		this.library.delete("/books/" + book + "/authors/" + other).problem(404, "authorId");
		this.library.get("/authors/-1").problem(404, "id");
		assertThat(this.library.storedAuthorsOf(book)).containsExactly(author);
	}

	@Test
	void aPathIdThatIsNoNumberIsBadRequest() {
		long author = this.library.author("Octavia E. Butler");
		long book = this.library.book("Kindred", author);
		List<String> stored = this.library.stored();
		for (String id : List.of("abc", "1x", "1.5", "99999999999999999999")) {
			this.library.get("/authors/" + id).problem(400, "id");
			this.library.get("/authors/" + id + "/books").problem(400, "id");
			this.library.put("/authors/" + id, fields("name", "X")).problem(400, "id");
			this.library.delete("/authors/" + id).problem(400, "id");
			this.library.get("/books/" + id).problem(400, "id");
			this.library.get("/books/" + id + "/authors").problem(400, "id");
			this.library.put("/books/" + id, fields("title", "X", "author_id", author)).problem(400, "id");
			this.library.delete("/books/" + id).problem(400, "id");
			this.library.put("/books/" + book + "/authors/" + id, null, "*").problem(400, "authorId");
			this.library.delete("/books/" + book + "/authors/" + id).problem(400, "authorId");
		}
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	@Test
	void keepsTheOrderOfAuthorIdsWhereverABooksAuthorsAreShown() {
		long first = this.library.author("Neil Gaiman", "1960-11-10");
		long second = this.library.author("Terry Pratchett", "1948-04-28");
		long third = this.library.author("A Third Hand");
		// Ids in an order other than the order of creation.
		long book = this.library.book("Good Omens", third, first, second);
		JsonNode read = this.library.ok("/books/" + book);
		assertThat(longs(read.path("author_ids"))).containsExactly(third, first, second);
		assertThat(texts(read.path("authors"), "name")).containsExactly("A Third Hand", "Neil Gaiman",
				"Terry Pratchett");

		JsonNode authors = this.library.ok("/books/" + book + "/authors");
		assertThat(authors.isArray()).isTrue();
		assertThat(ids(authors)).containsExactly(third, first, second);
		// Full authors, as GET /authors/{id} shows them.
		assertThat(authors.get(1)).isEqualTo(this.library.ok("/authors/" + first));
		assertThat(authors.get(2).path("birth_date").asString()).isEqualTo("1948-04-28");

		Reply replaced = this.library.put("/books/" + book,
				fields("title", "Good Omens", "author_ids", List.of(second, first)));
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(longs(replaced.json().path("author_ids"))).containsExactly(second, first);
		assertThat(ids(this.library.ok("/books/" + book + "/authors"))).containsExactly(second, first);
		assertThat(this.library.storedAuthorsOf(book)).containsExactly(second, first);
		assertThat(this.library.ids("/books?author_id=" + second)).containsExactly(book);
		assertThat(this.library.ids("/authors/" + third + "/books")).isEmpty();
	}

	@Test
	void linkingAppendsAnAuthorAndUnlinkingKeepsTheOthersInOrder() {
		long a = this.library.author("Author A");
		long b = this.library.author("Author B");
		long c = this.library.author("Author C");
		long book = this.library.book("Written together", b, a);

		Reply linked = this.library.put("/books/" + book + "/authors/" + c, null, "\"1\"");
		assertThat(linked.status()).as(linked.body()).isEqualTo(200);
		assertThat(linked.etag()).isEqualTo("\"2\"");
		assertThat(longs(linked.json().path("author_ids"))).containsExactly(b, a, c);
		assertThat(linked.json().path("version").asLong()).isEqualTo(2);

		// Linking an author already there changes nothing, not even the version.
		Reply again = this.library.put("/books/" + book + "/authors/" + b, null, "\"2\"");
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.etag()).isEqualTo("\"2\"");
		assertThat(again.json()).isEqualTo(linked.json());

		Reply unlinked = this.library.delete("/books/" + book + "/authors/" + a, "\"2\"");
		assertThat(unlinked.status()).as(unlinked.body()).isEqualTo(200);
		assertThat(unlinked.etag()).isEqualTo("\"3\"");
		assertThat(longs(unlinked.json().path("author_ids"))).containsExactly(b, c);
		assertThat(ids(this.library.ok("/books/" + book + "/authors"))).containsExactly(b, c);

		// Linked again, a comes last now.
		Reply relinked = this.library.send("PUT", "/books/" + book + "/authors/" + a, null, null);
		assertThat(relinked.status()).as(relinked.body()).isEqualTo(200);
		assertThat(longs(relinked.json().path("author_ids"))).containsExactly(b, c, a);
		assertThat(texts(relinked.json().path("authors"), "name")).containsExactly("Author B", "Author C", "Author A");
		assertThat(ids(this.library.ok("/books/" + book + "/authors"))).containsExactly(b, c, a);
		assertThat(longs(this.library.ok("/books/" + book).path("author_ids"))).containsExactly(b, c, a);
		assertThat(this.library.storedAuthorsOf(book)).containsExactly(b, c, a);
	}

	@Test
	void unlinkingABooksLastAuthorIsAConflictAndChangesNothing() {
		long a = this.library.author("Author A");
		long b = this.library.author("Author B");
		long book = this.library.book("Written together", a, b);
		assertThat(this.library.delete("/books/" + book + "/authors/" + a).status()).isEqualTo(200);
		List<String> stored = this.library.stored();

		this.library.delete("/books/" + book + "/authors/" + b).problem(409, "authorId");
		this.library.delete("/books/" + book + "/authors/" + b, "\"2\"").problem(409, "authorId");

		assertThat(this.library.stored()).isEqualTo(stored);
		JsonNode read = this.library.ok("/books/" + book);
		assertThat(longs(read.path("author_ids"))).containsExactly(b);
		assertThat(read.path("version").asLong()).isEqualTo(2);
	}

	@Test
	void aBookHasOneToTwentyAuthors() {
		List<Long> authors = new ArrayList<>();
		for (int i = 1; i <= 21; i++) {
			authors.add(this.library.author("Author " + i));
		}
		List<String> stored = this.library.stored();
		this.library.post("/books", fields("title", "Crowded", "author_ids", authors)).problem(400, "author_ids");
		this.library.post("/books", fields("title", "Lonely", "author_ids", List.of())).problem(400, "author_ids");
		this.library.post("/books", fields("title", "Lonely")).problem(400, "author_ids");
		assertThat(this.library.stored()).isEqualTo(stored);

		Reply twenty = this.library.post("/books", fields("title", "Full", "author_ids", authors.subList(0, 20)));
		assertThat(twenty.status()).as(twenty.body()).isEqualTo(201);
		long book = twenty.json().path("id").asLong();
		assertThat(longs(twenty.json().path("author_ids"))).containsExactlyElementsOf(authors.subList(0, 20));
		stored = this.library.stored();
		this.library.put("/books/" + book + "/authors/" + authors.get(20), null, "*").problem(409, "authorId");
		this.library.put("/books/" + book, fields("title", "Full", "author_ids", authors)).problem(400, "author_ids");
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	@Test
	void deletingAnAuthorDeletesTheBooksTheyAloneWroteAndLeavesTheOthersToTheirCoAuthors() {
		long leaving = this.library.author("Leaving");
		long staying = this.library.author("Staying");
		long third = this.library.author("Third");
		long alone = this.library.book("Written alone", leaving);
		long shared = this.library.book("Written by three", staying, leaving, third);
		long untouched = this.library.book("Not theirs", staying);

		assertThat(this.library.delete("/authors/" + leaving).status()).isEqualTo(204);

		this.library.get("/authors/" + leaving).problem(404, "id");
		this.library.get("/books/" + alone).problem(404, "id");
		Reply kept = this.library.get("/books/" + shared);
		assertThat(kept.status()).isEqualTo(200);
		assertThat(longs(kept.json().path("author_ids"))).containsExactly(staying, third);
		assertThat(kept.json().path("version").asLong()).isEqualTo(2);
		assertThat(kept.etag()).isEqualTo("\"2\"");
		assertThat(ids(this.library.ok("/books/" + shared + "/authors"))).containsExactly(staying, third);
		assertThat(this.library.ok("/books/" + untouched).path("version").asLong()).isEqualTo(1);
		assertThat(this.library.ids("/books")).containsExactly(shared, untouched);
		assertThat(this.library.ids("/authors")).containsExactly(staying, third);
		assertThat(this.library.stored()).containsExactly("author " + staying + " Staying null null v1",
				"author " + third + " Third null null v1", "book " + shared + " Written by three null null null v2",
				"book " + untouched + " Not theirs null null null v1", "book " + shared + " by " + staying,
				"book " + shared + " by " + third, "book " + untouched + " by " + staying);
	}

	@Test
	void deletingAnAuthorOfMoreBooksThanAStatementTakesParametersWorks() {
		long prolific = this.library.author("Prolific");
		long partner = this.library.author("Partner");
		// PostgreSQL binds at most 32,767 parameters to a statement.
		int count = 40_000;
		this.jdbc.sql("""
				INSERT INTO books (title, version)
				WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < :count)
				SELECT 'Book ' || x, 1 FROM n
				""").param("count", count).update();
		this.jdbc.sql("""
				INSERT INTO book_authors (book_id, author_id, position)
				SELECT id, :author, 0 FROM books
				""").param("author", prolific).update();
		long shared = this.library.book("Shared", partner, prolific);

		assertThat(this.library.delete("/authors/" + prolific).status()).isEqualTo(204);

		assertThat(this.library.ok("/books").path("total").asLong()).isEqualTo(1);
		assertThat(longs(this.library.ok("/books/" + shared).path("author_ids"))).containsExactly(partner);
	}

	@Test
	void aStaleIfMatchRefusesEveryWriteWith412AndChangesNothing() {
		long author = this.library.author("Author");
		long other = this.library.author("Other");
		long book = this.library.book("Book", author, other);
		// Both at version 2 now.
		assertThat(this.library.put("/authors/" + author, fields("name", "Author, renamed")).status()).isEqualTo(200);
		assertThat(this.library
			.put("/books/" + book, fields("title", "Book, renamed", "author_ids", List.of(author, other)))
			.status()).isEqualTo(200);
		long third = this.library.author("Third");
		List<String> stored = this.library.stored();

		for (String stale : List.of("\"1\"", "W/\"1\"", "\"3\"", "\"1\", \"3\"")) {
			Reply refused = this.library.put("/authors/" + author, fields("name", "Lost update"), stale)
				.problem(412, "If-Match");
			assertThat(refused.detail()).contains("\"2\"");
			assertThat(refused.etag()).as("the current version's ETag").isEqualTo("\"2\"");
			this.library.delete("/authors/" + author, stale).problem(412, "If-Match");
			Reply refusedBook = this.library
				.put("/books/" + book, fields("title", "Lost update", "author_id", author), stale)
				.problem(412, "If-Match");
			assertThat(refusedBook.etag()).isEqualTo("\"2\"");
			this.library.delete("/books/" + book, stale).problem(412, "If-Match");
			this.library.put("/books/" + book + "/authors/" + third, null, stale).problem(412, "If-Match");
			this.library.delete("/books/" + book + "/authors/" + other, stale).problem(412, "If-Match");
		}

		assertThat(this.library.stored()).isEqualTo(stored);
		assertThat(this.library.ok("/authors/" + author).path("name").asString()).isEqualTo("Author, renamed");
		assertThat(this.library.ok("/books/" + book).path("title").asString()).isEqualTo("Book, renamed");
	}

	@Test
	void theCurrentVersionOrAStarInIfMatchLetTheWriteThroughAWeakTagDoesNot() {
		long author = this.library.author("Author");
		long other = this.library.author("Other");
		Reply v2 = this.library.put("/authors/" + author, fields("name", "Two"), "\"1\"");
		assertThat(v2.status()).as(v2.body()).isEqualTo(200);
		assertThat(v2.etag()).isEqualTo("\"2\"");
		// If-Match compares strongly (RFC 9110): a weak tag matches no version.
		assertThat(this.library.put("/authors/" + author, fields("name", "Weak"), "W/\"2\"").status()).isEqualTo(412);
		Reply v3 = this.library.put("/authors/" + author, fields("name", "Three"), "\"2\"");
		assertThat(v3.status()).as(v3.body()).isEqualTo(200);
		assertThat(v3.etag()).isEqualTo("\"3\"");
		Reply v4 = this.library.put("/authors/" + author, fields("name", "Four"), "*");
		assertThat(v4.etag()).isEqualTo("\"4\"");
		Reply v5 = this.library.put("/authors/" + author, fields("name", "Five"), "\"9\", \"4\"");
		assertThat(v5.etag()).isEqualTo("\"5\"");
		assertThat(this.library.get("/authors/" + author).etag()).isEqualTo("\"5\"");

		long book = this.library.book("Book", author);
		Reply linked = this.library.put("/books/" + book + "/authors/" + other, null, "\"1\"");
		assertThat(linked.status()).as(linked.body()).isEqualTo(200);
		assertThat(linked.etag()).isEqualTo("\"2\"");
		Reply unlinked = this.library.delete("/books/" + book + "/authors/" + author, "\"2\"");
		assertThat(unlinked.status()).as(unlinked.body()).isEqualTo(200);
		assertThat(unlinked.etag()).isEqualTo("\"3\"");
		Reply replaced = this.library.put("/books/" + book, fields("title", "Book", "author_id", author), "\"3\"");
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(replaced.etag()).isEqualTo("\"4\"");
		assertThat(this.library.get("/books/" + book).etag()).isEqualTo("\"4\"");

		assertThat(this.library.delete("/books/" + book, "\"4\"").status()).isEqualTo(204);
		assertThat(this.library.delete("/authors/" + other, "*").status()).isEqualTo(204);
		assertThat(this.library.delete("/authors/" + author, "\"5\"").status()).isEqualTo(204);
		assertThat(this.library.stored()).isEmpty();
	}

	@Test
	void aMalformedIfMatchIsBadRequestAndChangesNothing() {
		long author = this.library.author("Author");
		long book = this.library.book("Book", author);
		List<String> stored = this.library.stored();
		for (String malformed : List.of("1", "\"one\"", "\"1", "W/1", "\"1\";\"2\"", "\"-1\"")) {
			this.library.put("/authors/" + author, fields("name", "Renamed"), malformed).problem(400, "If-Match");
			this.library.delete("/authors/" + author, malformed).problem(400, "If-Match");
			this.library.put("/books/" + book, fields("title", "Renamed", "author_id", author), malformed)
				.problem(400, "If-Match");
			this.library.delete("/books/" + book, malformed).problem(400, "If-Match");
		}
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	@Test
	void anAuthorsNameIsOneTo200CharactersAfterTrimming() {
		String longest = "n".repeat(200);
		Reply created = this.library.post("/authors", fields("name", "  \t" + longest + " \n"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().path("name").asString()).isEqualTo(longest);
		long id = created.json().path("id").asLong();
		// Characters, not UTF-16 units: 200 emoji are 400 of those.
		String emoji = "\uD83D\uDCDA".repeat(200);
		Reply wide = this.library.put("/authors/" + id, fields("name", emoji));
		assertThat(wide.status()).as(wide.body()).isEqualTo(200);
		assertThat(this.library.ok("/authors/" + id).path("name").asString()).isEqualTo(emoji);
		List<String> stored = this.library.stored();

		for (var body : List.of(fields("name", "n".repeat(201)), fields("name", " " + "n".repeat(201) + " "),
				fields("name", "\uD83D\uDCDA".repeat(201)), fields("name", "   "), fields("name", "\t\n"),
				fields("name", ""), fields("name", null), fields("bio", "No name"))) {
			this.library.post("/authors", body).problem(400, "name");
			this.library.put("/authors/" + id, body).problem(400, "name");
		}
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	@Test
	void anAuthorsBioIsAtMost10000CharactersAndTheirBirthDateNotInTheFuture() {
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		Reply created = this.library.post("/authors",
				fields("name", "Author", "bio", "b".repeat(10_000), "birth_date", today));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().path("bio").asString()).hasSize(10_000);
		assertThat(created.json().path("birth_date").asString()).isEqualTo(today);
		long id = created.json().path("id").asLong();
		List<String> stored = this.library.stored();

		this.library.post("/authors", fields("name", "Author", "bio", "b".repeat(10_001))).problem(400, "bio");
		this.library.put("/authors/" + id, fields("name", "Author", "bio", "b".repeat(10_001))).problem(400, "bio");
		this.library.post("/authors", fields("name", "Author", "birth_date", FUTURE.toString()))
			.problem(400, "birth_date");
		this.library.put("/authors/" + id, fields("name", "Author", "birth_date", FUTURE.toString()))
			.problem(400, "birth_date");
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	@Test
	void aBooksTitleIsOneTo500CharactersItsDescriptionAtMost10000AndItsDateNotInTheFuture() {
		long author = this.library.author("Author");
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		Reply created = this.library.post("/books", fields("title", " " + "t".repeat(500) + " ", "description",
				"d".repeat(10_000), "publish_date", today, "author_id", author));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().path("title").asString()).isEqualTo("t".repeat(500));
		assertThat(created.json().path("description").asString()).hasSize(10_000);
		assertThat(created.json().path("publish_date").asString()).isEqualTo(today);
		long book = created.json().path("id").asLong();
		List<String> stored = this.library.stored();

		for (var title : List.of("t".repeat(501), "   ", "")) {
			this.library.post("/books", fields("title", title, "author_id", author)).problem(400, "title");
			this.library.put("/books/" + book, fields("title", title, "author_id", author)).problem(400, "title");
		}
		this.library.post("/books", fields("author_id", author)).problem(400, "title");
		this.library.post("/books", fields("title", "T", "description", "d".repeat(10_001), "author_id", author))
			.problem(400, "description");
		this.library.put("/books/" + book, fields("title", "T", "publish_date", FUTURE.toString(), "author_id", author))
			.problem(400, "publish_date");
		this.library.post("/books", fields("title", "T", "publish_date", FUTURE.toString(), "author_id", author))
			.problem(400, "publish_date");
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	@Test
	void anIsbnMustHaveAValidCheckDigitAndIsStoredAsIsbn13() {
		long author = this.library.author("Author");
		// ISBN-10, its check digit X, becomes the ISBN-13 with 978 and a new check digit.
		assertThat(isbnOf(this.library.post("/books", book("080442957X", author)))).isEqualTo("9780804429573");
		assertThat(isbnOf(this.library.post("/books", book("0-439-42089-x", author)))).isEqualTo("9780439420891");
		assertThat(isbnOf(this.library.post("/books", book("978-0-306-40615-7", author)))).isEqualTo("9780306406157");
		assertThat(isbnOf(this.library.post("/books", book("979 10 90636 07 1", author)))).isEqualTo("9791090636071");
		assertThat(this.jdbc.sql("SELECT isbn FROM books ORDER BY id").query(String.class).list())
			.containsExactly("9780804429573", "9780439420891", "9780306406157", "9791090636071");
		List<String> stored = this.library.stored();

		// Wrong check digits, X anywhere but last, no ISBN prefix, wrong lengths,
		// letters.
		for (String invalid : List.of("0804429574", "9780306406158", "97803064061570", "080442X573", "9770306406157",
				"030640615", "978030640615", "ISBN 0306406152", "0306406152X", "", " ")) {
			this.library.post("/books", book(invalid, author)).problem(400, "isbn");
		}
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	@Test
	void anIsbnBelongsToOneBookHoweverItIsWritten() {
		long author = this.library.author("Author");
		long first = this.library.book("First", author);
		Reply taken = this.library.put("/books/" + first, book("978-0-306-40615-7", author));
		assertThat(taken.status()).as(taken.body()).isEqualTo(200);
		long second = this.library.book("Second", author);
		List<String> stored = this.library.stored();

		// The same ISBN as ISBN-10, or with other separators.
		for (String same : List.of("0306406152", "0-306-40615-2", "9780306406157", "978 0 306 40615 7")) {
			this.library.post("/books", book(same, author)).problem(409, "isbn");
			this.library.put("/books/" + second, book(same, author)).problem(409, "isbn");
		}
		assertThat(this.library.stored()).isEqualTo(stored);

		// A book keeps its own ISBN when replaced.
		Reply kept = this.library.put("/books/" + first, book("0306406152", author));
		assertThat(kept.status()).as(kept.body()).isEqualTo(200);
		assertThat(kept.json().path("isbn").asString()).isEqualTo("9780306406157");
		// Once the first lets it go, the second may take it.
		assertThat(this.library.put("/books/" + first, book(null, author)).status()).isEqualTo(200);
		assertThat(isbnOf(this.library.put("/books/" + second, book("0306406152", author)))).isEqualTo("9780306406157");
	}

	@Test
	void authorIdsNameDistinctExistingAuthorsOrASingleAuthorIdDoes() {
		long a = this.library.author("Author A");
		long b = this.library.author("Author B");
		long book = this.library.book("Book", a);
		long unknown = b + 1000;
		List<String> stored = this.library.stored();

		for (var body : List.of(fields("title", "T", "author_ids", List.of(a), "author_id", b),
				fields("title", "T", "author_ids", List.of(a), "author_id", a),
				fields("title", "T", "author_ids", List.of(a, b, a)),
				fields("title", "T", "author_ids", Arrays.asList(a, null)),
				fields("title", "T", "author_ids", List.of()), fields("title", "T", "author_ids", null),
				fields("title", "T"))) {
			this.library.post("/books", body).problem(400, "author_ids");
			this.library.put("/books/" + book, body).problem(400, "author_ids");
		}
		for (var body : List.of(fields("title", "T", "author_ids", List.of(a, unknown)),
				fields("title", "T", "author_id", unknown))) {
			Reply refused = this.library.post("/books", body).problem(422, "author_ids");
			assertThat(refused.detail()).contains(Long.toString(unknown));
			this.library.put("/books/" + book, body).problem(422, "author_ids");
		}
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	@Test
	void unknownFieldsWrongTypesAndMalformedJsonAreBadRequest() {
		long author = this.library.author("Author");
		long book = this.library.book("Book", author);
		List<String> stored = this.library.stored();

		this.library.post("/authors", "{\"name\": \"A\", \"nickname\": \"B\"}").problem(400, "nickname");
		this.library.post("/authors", "{\"name\": \"A\", \"birthDate\": \"2000-01-01\"}").problem(400, "birthDate");
		// What GET answers is no valid PUT: id and version are not fields a client
		// writes.
		this.library.put("/authors/" + author, this.library.get("/authors/" + author).body()).problem(400, "id");
		this.library.put("/books/" + book, "{\"title\": \"B\", \"author_id\": " + author + ", \"version\": 1}")
			.problem(400, "version");
		this.library.post("/authors", "{\"name\": [\"A\"]}").problem(400, "name");
		this.library.post("/authors", "{\"name\": {\"first\": \"A\"}}").problem(400, "name");
		this.library.post("/authors", "{\"name\": \"A\", \"birth_date\": \"yesterday\"}").problem(400, "birth_date");
		this.library.post("/authors", "{\"name\": \"A\", \"birth_date\": \"2001-02-29\"}").problem(400, "birth_date");
		this.library.post("/authors", "{\"name\": \"A\", \"birth_date\": 20010228}").problem(400, "birth_date");
		this.library.post("/books", "{\"title\": \"B\", \"author_ids\": \"" + author + "x\"}")
			.problem(400, "author_ids");
		this.library.post("/books", "{\"title\": \"B\", \"author_ids\": [\"first\"]}").problem(400, "author_ids[0]");
		this.library.post("/books", "{\"title\": \"B\", \"author_id\": \"one\"}").problem(400, "author_id");
		this.library.post("/books", "{\"title\": \"B\", \"author_id\": " + author + ", \"publish_date\": true}")
			.problem(400, "publish_date");
		this.library.post("/authors", "{\"name\": \"A\"").problem(400, "body");
		this.library.post("/authors", "[]").problem(400, "body");
		this.library.post("/authors", "").problem(400, "body");
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	// Jackson converts these by default: 2.9 to author 2, "5" to author 5, 12 to the
	// title "12". The contract answers a wrong type with 400.
	@Test
	void aValueOfAnotherJsonTypeIsRefusedNotConverted() {
		long author = this.library.author("Author");
		long book = this.library.book("Book", author);
		List<String> stored = this.library.stored();

		this.library.post("/books", "{\"title\": \"B\", \"author_id\": " + author + ".9}").problem(400, "author_id");
		this.library.post("/books", "{\"title\": \"B\", \"author_ids\": [" + author + ".5]}")
			.problem(400, "author_ids[0]");
		this.library.put("/books/" + book, "{\"title\": \"B\", \"author_id\": \"" + author + "\"}")
			.problem(400, "author_id");
		this.library.post("/books", "{\"title\": 12, \"author_id\": " + author + "}").problem(400, "title");
		this.library.post("/authors", "{\"name\": true}").problem(400, "name");
		this.library.post("/authors", "{\"name\": \"A\", \"bio\": 1.5e3}").problem(400, "bio");
		assertThat(this.library.stored()).isEqualTo(stored);
	}

	// JSON can carry any character; the contract names no rule against control
	// characters, so a name holding one is either kept as written or refused as bad input
	// naming the field, the same on every storage.
	@Test
	void aNameWithAControlCharacterIsKeptAsWrittenOrRefusedNamingIt() {
		for (String name : List.of("Tab\there", "Bell\u0007", "Nul\u0000byte")) {
			Reply reply = this.library.post("/authors", fields("name", name));
			if (reply.status() == 201) {
				assertThat(this.library.ok(reply.location()).path("name").asString()).isEqualTo(name);
			}
			else {
				reply.problem(400, "name");
			}
		}
	}

	// Two requests take the book's two authors away at once; each alone would be fine,
	// together they would leave it with none. However they interleave, one must lose.
	@Test
	void twoRacingUnlinksOfABooksTwoAuthorsLeaveItOneAndRefuseTheOther() throws Exception {
		long a = this.library.author("Author A");
		long b = this.library.author("Author B");
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 10; round++) {
				long book = this.library.book("Contested " + round, a, b);
				CyclicBarrier start = new CyclicBarrier(2);
				List<Callable<Reply>> unlinks = new ArrayList<>();
				for (long author : List.of(a, b)) {
					unlinks.add(() -> {
						start.await();
						return this.library.delete("/books/" + book + "/authors/" + author);
					});
				}
				List<Integer> statuses = new ArrayList<>();
				List<Reply> replies = new ArrayList<>();
				for (Future<Reply> reply : threads.invokeAll(unlinks)) {
					statuses.add(reply.get().status());
					replies.add(reply.get());
				}
				assertThat(statuses).as("round %d: %s", round, replies).containsExactlyInAnyOrder(200, 409);
				Reply refused = replies.get(statuses.indexOf(409));
				refused.problem(409, "authorId");
				long remaining = (statuses.get(0) == 200) ? b : a;
				assertThat(this.library.storedAuthorsOf(book)).as("round %d", round).containsExactly(remaining);
				JsonNode read = this.library.ok("/books/" + book);
				assertThat(longs(read.path("author_ids"))).containsExactly(remaining);
				assertThat(read.path("version").asLong()).isEqualTo(2);
			}
		}
		finally {
			threads.shutdown();
		}
	}

	private static Map<String, @Nullable Object> book(@Nullable String isbn, long author) {
		return fields("title", "Book " + isbn, "isbn", isbn, "author_id", author);
	}

	private static String isbnOf(Reply reply) {
		assertThat(reply.status()).as(reply.body()).isIn(200, 201);
		return reply.json().path("isbn").asString();
	}

	static List<Long> longs(JsonNode array) {
		List<Long> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asLong()));
		return values;
	}

}
