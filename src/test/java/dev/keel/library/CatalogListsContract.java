package dev.keel.library;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.keel.library.LibraryClient.Reply;

import static dev.keel.library.LibraryClient.encoded;
import static dev.keel.library.LibraryClient.fields;
import static dev.keel.library.LibraryClient.ids;
import static dev.keel.library.LibraryClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lists of the library API as a user sees them, run once on the embedded storage and
 * once on the real PostgreSQL and Redis: the envelope, limit and offset, keyset cursors
 * walked through every sort, and the filters.
 */
abstract class CatalogListsContract extends CatalogFixture {

	@Test
	void aPageCarriesItsItemsLimitOffsetTotalAndTheNextCursor() {
		List<Long> authors = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			authors.add(this.library.author("Author %02d".formatted(i)));
		}
		JsonNode first = this.library.ok("/authors");
		assertThat(first.propertyNames()).containsExactly("items", "limit", "offset", "total", "next");
		assertThat(ids(first.path("items"))).containsExactlyElementsOf(authors.subList(0, 20));
		assertThat(first.path("limit").asInt()).isEqualTo(20);
		assertThat(first.path("offset").asInt()).isZero();
		assertThat(first.path("total").asLong()).isEqualTo(25);
		assertThat(first.path("next").asString()).isNotBlank();

		JsonNode last = this.library.ok("/authors?limit=10&offset=20");
		assertThat(ids(last.path("items"))).containsExactlyElementsOf(authors.subList(20, 25));
		assertThat(last.path("limit").asInt()).isEqualTo(10);
		assertThat(last.path("offset").asInt()).isEqualTo(20);
		assertThat(last.path("total").asLong()).isEqualTo(25);
		assertThat(last.path("next").isNull()).isTrue();
		assertThat(ids(this.library.ok("/authors?limit=5&offset=3").path("items")))
			.containsExactlyElementsOf(authors.subList(3, 8));
		// A page that ends exactly at the end of the list has no next page either.
		assertThat(this.library.ok("/authors?limit=5&offset=20").path("next").isNull()).isTrue();

		JsonNode beyond = this.library.ok("/authors?offset=25");
		assertThat(beyond.path("items").isEmpty()).isTrue();
		assertThat(beyond.path("total").asLong()).isEqualTo(25);
		assertThat(beyond.path("next").isNull()).isTrue();

		JsonNode empty = this.library.ok("/books");
		assertThat(empty.path("items").isEmpty()).isTrue();
		assertThat(empty.path("total").asLong()).isZero();
		assertThat(empty.path("next").isNull()).isTrue();
	}

	@Test
	void limitIsOneTo100AndOffsetAtMost10000() {
		long author = this.library.author("Author");
		this.library.book("Book", author);
		for (String list : List.of("/authors", "/books", "/authors/" + author + "/books")) {
			for (String limit : List.of("0", "101", "-1", "abc", "1.5", "", "%2B5")) {
				this.library.get(list + "?limit=" + limit).problem(400, "limit");
			}
			for (String offset : List.of("-1", "10001", "x", "99999999999999999999")) {
				this.library.get(list + "?offset=" + offset).problem(400, "offset");
			}
			assertThat(this.library.ok(list + "?limit=1").path("items").size()).isEqualTo(1);
			assertThat(this.library.ok(list + "?limit=100").path("limit").asInt()).isEqualTo(100);
			JsonNode deepest = this.library.ok(list + "?offset=10000");
			assertThat(deepest.path("offset").asInt()).isEqualTo(10_000);
			assertThat(deepest.path("items").isEmpty()).isTrue();
			assertThat(deepest.path("total").asLong()).isEqualTo(1);
		}
	}

	@Test
	void unknownParametersAndSortsAreBadRequest() {
		long author = this.library.author("Author");
		this.library.get("/authors?nmae=x").problem(400, "nmae");
		this.library.get("/authors?title=x").problem(400, "title");
		this.library.get("/books?name=x").problem(400, "name");
		this.library.get("/authors/" + author + "/books?author_id=" + author).problem(400, "author_id");
		this.library.get("/authors?sort=bio").problem(400, "sort");
		this.library.get("/authors?sort=title").problem(400, "sort");
		this.library.get("/books?sort=name").problem(400, "sort");
		this.library.get("/books?sort=isbn").problem(400, "sort");
		this.library.get("/books?sort=%2Btitle").problem(400, "sort");
		this.library.get("/books?sort=--title").problem(400, "sort");
		this.library.get("/authors/" + author + "/books?sort=birth_date").problem(400, "sort");
	}

	@Test
	void cursorsWalkEveryBookOnceInEachSort() {
		long even = this.library.author("Even");
		long odd = this.library.author("Odd");
		List<Item> books = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			// Titles and dates repeat, out of the order of creation, so that ties are
			// broken by id; every fourth book has no date.
			String title = "Book " + (char) ('A' + (i * 7) % 10);
			String date = (i % 4 == 0) ? null : "2000-01-0" + (1 + (i * 5) % 9);
			long id = this.library.bookPublishedOn(title, date, (i % 2 == 0) ? even : odd);
			books.add(new Item(id, title, date));
		}
		for (String sort : List.of("title", "-title", "publish_date", "-publish_date", "id", "-id")) {
			List<Long> expected = sorted(books, sort, sort.endsWith("title") ? Item::text : Item::date);
			assertThat(walk("/books", "sort=" + sort, 10, 25)).as(sort).containsExactlyElementsOf(expected);
			assertThat(this.library.ids("/books?limit=100&sort=" + sort)).as(sort).containsExactlyElementsOf(expected);
		}
		// Pages of 5 end exactly where the list does.
		assertThat(walk("/books", "sort=-publish_date", 5, 25))
			.containsExactlyElementsOf(sorted(books, "-publish_date", Item::date));
		// An author's books, filtered, walk the same way.
		List<Item> evens = books.stream().filter(book -> books.indexOf(book) % 2 == 0 && book.date() != null).toList();
		assertThat(
				walk("/authors/" + even + "/books", "published_after=2000-01-01&sort=-publish_date", 2, evens.size()))
			.containsExactlyElementsOf(sorted(evens, "-publish_date", Item::date));
		List<Long> bookA = books.stream().filter(book -> book.text().equals("Book A")).map(Item::id).toList();
		assertThat(bookA).hasSize(3);
		assertThat(walk("/books", "title=book%20a&author_id=" + even + "&sort=-title", 1, 3))
			.containsExactlyElementsOf(bookA.reversed());
	}

	@Test
	void cursorsWalkEveryAuthorOnceInEachSort() {
		List<Item> authors = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			String name = "Author " + (char) ('A' + (i * 3) % 7);
			String date = (i % 3 == 1) ? null : "19%02d-06-15".formatted(50 + (i * 11) % 8);
			authors.add(new Item(this.library.author(name, date), name, date));
		}
		for (String sort : List.of("name", "-name", "birth_date", "-birth_date", "id", "-id")) {
			List<Long> expected = sorted(authors, sort, sort.endsWith("name") ? Item::text : Item::date);
			assertThat(walk("/authors", "sort=" + sort, 10, 25)).as(sort).containsExactlyElementsOf(expected);
			assertThat(this.library.ids("/authors?limit=100&sort=" + sort)).as(sort)
				.containsExactlyElementsOf(expected);
		}
		List<Item> named = authors.stream().filter(author -> author.text().endsWith("C")).toList();
		assertThat(walk("/authors", "name=r%20c&sort=-birth_date", 2, named.size()))
			.containsExactlyElementsOf(sorted(named, "-birth_date", Item::date));
	}

	@Test
	void aCursorPageReportsOffsetZeroAndTheTotalOfThePageThatIssuedIt() {
		long author = this.library.author("Author");
		List<Long> books = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			books.add(this.library.book("Book " + i, author));
		}
		JsonNode first = this.library.ok("/books?limit=2");
		assertThat(first.path("total").asLong()).isEqualTo(5);
		long added = this.library.book("Book 5", author);

		JsonNode second = this.library.ok("/books?limit=2&cursor=" + encoded(first.path("next").asString()));
		assertThat(ids(second.path("items"))).containsExactly(books.get(2), books.get(3));
		assertThat(second.path("offset").asInt()).isZero();
		assertThat(second.path("limit").asInt()).isEqualTo(2);
		assertThat(second.path("total").asLong()).isEqualTo(5);
		// Keyset paging: the book added meanwhile is still reached.
		JsonNode third = this.library.ok("/books?limit=2&cursor=" + encoded(second.path("next").asString()));
		assertThat(ids(third.path("items"))).containsExactly(books.get(4), added);
		assertThat(third.path("total").asLong()).isEqualTo(5);
		assertThat(third.path("next").isNull()).isTrue();
		// A fresh first page counts again.
		assertThat(this.library.ok("/books?limit=2").path("total").asLong()).isEqualTo(6);
	}

	@Test
	void aCursorServesOnlyTheQueryThatIssuedIt() {
		long author = this.library.author("Author");
		for (int i = 0; i < 3; i++) {
			this.library.bookPublishedOn("Book " + i, "2000-01-0" + (i + 1), author);
		}
		String next = encoded(this.library.ok("/books?limit=1&title=book&sort=-publish_date").path("next").asString());

		// Another page size is the same query.
		assertThat(this.library.ok("/books?limit=2&title=book&sort=-publish_date&cursor=" + next).path("items").size())
			.isEqualTo(2);
		this.library.get("/books?limit=1&title=book&sort=publish_date&cursor=" + next).problem(400, "cursor");
		this.library.get("/books?limit=1&title=boo&sort=-publish_date&cursor=" + next).problem(400, "cursor");
		this.library.get("/books?limit=1&sort=-publish_date&cursor=" + next).problem(400, "cursor");
		this.library.get("/books?limit=1&title=book&sort=-publish_date&published_after=2000-01-01&cursor=" + next)
			.problem(400, "cursor");
		this.library.get("/authors/" + author + "/books?limit=1&title=book&sort=-publish_date&cursor=" + next)
			.problem(400, "cursor");
		this.library.get("/authors?limit=1&cursor=" + next).problem(400, "cursor");
		this.library.get("/books?limit=1&title=book&sort=-publish_date&offset=0&cursor=" + next).problem(400, "offset");
		for (String forged : List.of("x", "not-a-cursor", "AAAA", encoded("a\u0001b"), "%25%25")) {
			this.library.get("/books?cursor=" + forged).problem(400, "cursor");
		}
	}

	@Test
	void filtersAuthorsByAnyCaseOfAPartOfTheirName() {
		long le = this.library.author("Ursula K. Le Guin");
		long vernon = this.library.author("ursula vernon");
		long pratchett = this.library.author("Terry Pratchett");
		assertThat(this.library.ids("/authors?name=URSULA")).containsExactly(le, vernon);
		assertThat(this.library.ids("/authors?name=k.%20le")).containsExactly(le);
		assertThat(this.library.ids("/authors?name=Er")).containsExactly(vernon, pratchett);
		assertThat(this.library.ids("/authors?name=terry%20pratchett")).containsExactly(pratchett);
		assertThat(this.library.ids("/authors?name=")).containsExactly(le, vernon, pratchett);
		assertThat(this.library.ids("/authors?name=nobody")).isEmpty();
		JsonNode page = this.library.ok("/authors?name=ursula&limit=1&sort=-name");
		assertThat(ids(page.path("items"))).containsExactly(vernon);
		assertThat(page.path("total").asLong()).isEqualTo(2);
	}

	@Test
	void filtersBooksByAnyCaseOfAPartOfTheirTitleTakingPercentAndUnderscoreLiterally() {
		long author = this.library.author("Author");
		long percent = this.library.book("100% Pure", author);
		long digits = this.library.book("1000 Pure", author);
		long underscore = this.library.book("snake_case", author);
		long letter = this.library.book("SNAKEXCASE", author);
		long backslash = this.library.book("back\\slash", author);
		long plain = this.library.book("backslash", author);
		assertThat(this.library.ids("/books?title=pURe")).containsExactly(percent, digits);
		assertThat(this.library.ids("/books?title=%25")).containsExactly(percent);
		assertThat(this.library.ids("/books?title=0%25")).containsExactly(percent);
		assertThat(this.library.ids("/books?title=10%25%20p")).isEmpty();
		assertThat(this.library.ids("/books?title=_")).containsExactly(underscore);
		assertThat(this.library.ids("/books?title=E_C")).containsExactly(underscore);
		assertThat(this.library.ids("/books?title=snake")).containsExactly(underscore, letter);
		assertThat(this.library.ids("/books?title=" + encoded("\\"))).containsExactly(backslash);
		assertThat(this.library.ids("/books?title=" + encoded("k\\s"))).containsExactly(backslash);
		assertThat(this.library.ids("/books?title=kslash")).containsExactly(plain);
		assertThat(this.library.ok("/books?title=%25").path("total").asLong()).isEqualTo(1);
	}

	@Test
	void filtersBooksByAuthorAndByPublishDateBothBoundsIncluded() {
		long a = this.library.author("A");
		long b = this.library.author("B");
		long early = this.library.bookPublishedOn("Early", "1999-12-31", a);
		long first = this.library.bookPublishedOn("First", "2000-01-01", a, b);
		long middle = this.library.bookPublishedOn("Middle", "2000-06-15", b);
		long last = this.library.bookPublishedOn("Last", "2000-12-31", a);
		long late = this.library.bookPublishedOn("Late", "2001-01-01", b);
		long undated = this.library.bookPublishedOn("Undated", null, a, b);

		assertThat(this.library.ids("/books?author_id=" + a)).containsExactly(early, first, last, undated);
		assertThat(this.library.ids("/books?author_id=" + b)).containsExactly(first, middle, late, undated);
		assertThat(this.library.ids("/books?author_id=" + (b + 1000))).isEmpty();
		assertThat(this.library.ids("/books?published_after=2000-01-01")).containsExactly(first, middle, last, late);
		assertThat(this.library.ids("/books?published_before=2000-12-31")).containsExactly(early, first, middle, last);
		assertThat(this.library.ids("/books?published_after=2000-01-01&published_before=2000-12-31"))
			.containsExactly(first, middle, last);
		assertThat(this.library.ids("/books?published_after=2000-06-15&published_before=2000-06-15"))
			.containsExactly(middle);
		assertThat(this.library.ids("/books?published_after=2000-01-01&published_before=2000-12-31&author_id=" + b))
			.containsExactly(first, middle);
		JsonNode counted = this.library.ok("/books?published_after=2000-01-01&author_id=" + a + "&limit=1");
		assertThat(counted.path("total").asLong()).isEqualTo(2);
		assertThat(this.library.ids("/authors/" + a + "/books?published_after=2000-01-01&published_before=2000-12-31"))
			.containsExactly(first, last);
		assertThat(this.library.ids("/authors/" + b + "/books?title=i&published_before=2000-06-15"))
			.containsExactly(first, middle);
		assertThat(this.library.ids("/authors/" + b + "/books?sort=-title")).containsExactly(undated, middle, late,
				first);

		this.library.get("/books?published_after=2000-06-15&published_before=2000-06-14")
			.problem(400, "published_before");
		this.library.get("/authors/" + a + "/books?published_after=2000-06-15&published_before=2000-06-14")
			.problem(400, "published_before");
		this.library.get("/books?published_after=2000-13-01").problem(400, "published_after");
		this.library.get("/books?published_before=yesterday").problem(400, "published_before");
		this.library.get("/authors/" + a + "/books?published_after=01/01/2000").problem(400, "published_after");
		for (String id : List.of("abc", "0", "-1", "1.0")) {
			this.library.get("/books?author_id=" + id).problem(400, "author_id");
		}
	}

	// The cache keeps each page under its filters written out as text; a title that
	// spells out another filter must not be taken for it, nor answered with its page.
	@Test
	void aTitleThatSpellsOutAnotherFilterIsNotTakenForIt() {
		long a = this.library.author("A");
		long b = this.library.author("B");
		long byA = this.library.book("Tea", a);
		long byB = this.library.book("Tea", b);
		String spelled = "tea&author_id=" + a;

		assertThat(this.library.ids("/books?title=tea&author_id=" + a)).containsExactly(byA);
		assertThat(this.library.ids("/books?title=" + encoded(spelled))).isEmpty();
		assertThat(this.library.ids("/books?title=" + encoded("tea&author_id=" + b))).isEmpty();
		assertThat(this.library.ids("/books?title=tea&author_id=" + b)).containsExactly(byB);
	}

	// PostgreSQL cannot hold the character NUL in text; H2 can. Either way a filter
	// holding one finds nothing or is refused, naming it.
	@Test
	void aFilterHoldingANulCharacterFindsNothingOrIsRefusedNamingIt() {
		long author = this.library.author("Author");
		this.library.book("Book", author);
		for (String list : List.of("/books?title=", "/authors/" + author + "/books?title=", "/authors?name=")) {
			Reply reply = this.library.get(list + "a%00b");
			String field = list.substring(list.indexOf('?') + 1, list.length() - 1);
			if (reply.status() == 200) {
				assertThat(reply.json().path("items").isEmpty()).as(list).isTrue();
			}
			else {
				reply.problem(400, field);
			}
		}
	}

	@Test
	void aQueryThatIsNoUtf8IsBadRequest() {
		for (String list : List.of("/books?title=%C0", "/authors?name=%FF", "/books?sort=%C0title")) {
			Reply reply = this.library.get(list);
			assertThat(reply.status()).as("%s: %s", list, reply.body()).isEqualTo(400);
			assertThat(reply.contentType()).startsWith("application/problem+json");
		}
	}

	// A cursor holds the sort value of the page's last item, so that the next page can
	// start after it; whatever characters a title holds, the walk goes on.
	@Test
	void cursorsWalkPastTitlesOfAnyCharacters() {
		long author = this.library.author("Author");
		List<Long> books = new ArrayList<>();
		for (String title : List.of("a\u0001b", "a\u0001c", "b", "d|e", "e\u0001\u0001")) {
			Reply created = this.library.post("/books", fields("title", title, "author_id", author));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			books.add(created.json().path("id").asLong());
		}
		assertThat(walk("/books", "sort=title", 1, books.size())).containsExactlyElementsOf(books);
	}

	/**
	 * Walks a list from its first page through every {@code next} cursor, checking each
	 * page's envelope, and returns the ids in the order met.
	 */
	private List<Long> walk(String path, String query, int limit, int total) {
		List<Long> ids = new ArrayList<>();
		JsonNode page = this.library.ok(path + "?" + query + "&limit=" + limit);
		int pages = 1;
		while (true) {
			assertThat(page.path("limit").asInt()).isEqualTo(limit);
			assertThat(page.path("offset").asInt()).isZero();
			assertThat(page.path("total").asLong()).isEqualTo(total);
			JsonNode items = page.path("items");
			int expectedSize = Math.min(limit, total - ids.size());
			assertThat(items.size()).as("page %d of %s?%s", pages, path, query).isEqualTo(expectedSize);
			ids.addAll(ids(items));
			if (page.path("next").isNull()) {
				break;
			}
			assertThat(ids).as("a next page only while items remain").hasSizeLessThan(total);
			page = this.library
				.ok(path + "?" + query + "&limit=" + limit + "&cursor=" + encoded(page.path("next").asString()));
			pages++;
		}
		assertThat(ids).hasSize(total).doesNotHaveDuplicates();
		assertThat(pages).isEqualTo(Math.max(1, (total + limit - 1) / limit));
		return ids;
	}

	/**
	 * The ids of {@code items} in a sort: by the value, nulls last either way, ties by id
	 * in the same direction.
	 */
	private static List<Long> sorted(List<Item> items, String sort, Function<Item, @Nullable String> value) {
		boolean descending = sort.startsWith("-");
		Comparator<Item> byId = Comparator.comparingLong(Item::id);
		Comparator<Item> order;
		if (sort.endsWith("id")) {
			order = byId;
		}
		else {
			Comparator<Item> byValue = Comparator.comparing(value, Comparator.nullsLast(Comparator.naturalOrder()));
			order = byValue.thenComparing(byId);
		}
		if (descending) {
			Comparator<Item> reversed = order.reversed();
			// Nulls stay last.
			order = sort.endsWith("id") ? reversed
					: Comparator.<Item, Boolean>comparing(item -> value.apply(item) == null).thenComparing(reversed);
		}
		return items.stream().sorted(order).map(Item::id).toList();
	}

	/** An author or a book: its id, name or title, and date, the values it sorts by. */
	record Item(long id, String text, @Nullable String date) {

	}

}
