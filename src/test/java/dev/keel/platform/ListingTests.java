package dev.keel.platform;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ListingTests {

	private static final String COLUMNS = "t.id, t.title, t.publish_date";

	private static final Map<String, SortKey> SORTS = Map.of("title", SortKey.required("title", text -> text),
			"publish_date", SortKey.nullable("publish_date", LocalDate::parse), "id",
			SortKey.required("id", Long::valueOf));

	private static final String PAGE = " OFFSET :offset ROWS FETCH FIRST :rows ROWS ONLY";

	private static final String TITLE = "LOWER(t.title) LIKE LOWER(:title) ESCAPE '\\'";

	private static final String OF_AUTHOR = "t.id IN (SELECT book_id FROM book_authors WHERE author_id = :author_id)";

	@Test
	void withoutFiltersTheTableIsReadInIdOrderWithOneRowMoreThanAskedFor() {
		Listing listing = books().build(sort("id"), Paging.FIRST);

		assertThat(listing.select().sql()).isEqualTo("SELECT " + COLUMNS + " FROM books t ORDER BY t.id ASC" + PAGE);
		assertThat(listing.select().params()).isEqualTo(Map.of("offset", 0, "rows", 21));
		assertThat(listing.countsAlong()).isFalse();
		assertThat(listing.count().sql()).isEqualTo("SELECT COUNT(*) FROM books t");
		assertThat(listing.canonical()).isEqualTo("sort=id");
		assertThat(listing.cacheKey()).isEqualTo("sort=id|20|0|");
	}

	@Test
	void filtersBindTheirValuesAndNeverWriteThemIntoTheSql() {
		Listing listing = books()
			.where("t.publish_date >= :published_after", "published_after", LocalDate.of(2001, 5, 6))
			.build(sort("-title"), new Paging("5", "10", null));

		assertThat(listing.select().sql()).isEqualTo("SELECT " + COLUMNS
				+ " FROM books t WHERE t.publish_date >= :published_after ORDER BY t.title DESC, t.id DESC" + PAGE);
		assertThat(listing.select().params())
			.isEqualTo(Map.of("published_after", LocalDate.of(2001, 5, 6), "offset", 10, "rows", 6));
		assertThat(listing.count().sql())
			.isEqualTo("SELECT COUNT(*) FROM books t WHERE t.publish_date >= :published_after");
		assertThat(listing.count().params()).isEqualTo(Map.of("published_after", LocalDate.of(2001, 5, 6)));
		assertThat(listing.canonical()).isEqualTo("published_after=2001-05-06&sort=-title");
		assertThat(listing.cacheKey()).isEqualTo("published_after=2001-05-06&sort=-title|5|10|");
	}

	@Test
	void aFilterOfFewRowsIsCountedInThePagesOwnQuery() {
		Listing listing = books().where(OF_AUTHOR, "author_id", 3L).countInPage().build(sort("title"), Paging.FIRST);

		assertThat(listing.countsAlong()).isTrue();
		assertThat(listing.select().sql()).isEqualTo("SELECT " + COLUMNS + ", COUNT(*) OVER () AS full_count"
				+ " FROM books t WHERE " + OF_AUTHOR + " ORDER BY t.title ASC, t.id ASC" + PAGE);
	}

	// The generic plan of a prepared statement would otherwise walk the sort's index.
	@Test
	void aSubstringFilterFindsItsMatchesFirstInASubqueryAndTheOtherFiltersOutside() {
		Listing listing = books().contains("title", "title", "50%_off\\")
			.where(OF_AUTHOR, "author_id", 3L)
			.build(sort("title"), Paging.FIRST);

		assertThat(listing.select().sql())
			.isEqualTo("SELECT t.*, COUNT(*) OVER () AS full_count FROM (SELECT " + COLUMNS + " FROM books t WHERE "
					+ TITLE + " OFFSET 0 ROWS) t WHERE " + OF_AUTHOR + " ORDER BY t.title ASC, t.id ASC" + PAGE);
		assertThat(listing.select().params())
			.isEqualTo(Map.of("title", "%50\\%\\_off\\\\%", "author_id", 3L, "offset", 0, "rows", 21));
		assertThat(listing.count().sql())
			.isEqualTo("SELECT COUNT(*) FROM books t WHERE " + TITLE + " AND " + OF_AUTHOR);
		assertThat(listing.canonical()).isEqualTo("title~=50%25_off%5C&author_id=3&sort=title");
	}

	@Test
	void aFoldedSubstringFilterTakesTheTermAsItIs() {
		Listing listing = books().containsFolded("t.folded_title", "contains", "ete").build(sort("id"), Paging.FIRST);

		assertThat(listing.select().sql()).contains("WHERE t.folded_title LIKE :contains ESCAPE '\\' OFFSET 0 ROWS");
		assertThat(listing.select().params()).containsEntry("contains", "%ete%");
		assertThat(listing.canonical()).isEqualTo("contains~=ete&sort=id");
	}

	// A number, not a parameter, for the window: H2 kept a parameter's first value there.
	@Test
	void aNullableSortReadsTheRowsWithAndWithoutAValueApartUpToTheEndOfThePage() {
		Listing listing = books().where(OF_AUTHOR, "author_id", 3L)
			.countInPage()
			.build(sort("-publish_date"), new Paging("10", "20", null));

		assertThat(listing.select().sql()).isEqualTo("SELECT t.* FROM ((SELECT " + COLUMNS + " FROM books t WHERE "
				+ OF_AUTHOR + " AND t.publish_date IS NOT NULL ORDER BY t.publish_date DESC, t.id DESC"
				+ " FETCH FIRST 31 ROWS ONLY) UNION ALL (SELECT " + COLUMNS + " FROM books t WHERE " + OF_AUTHOR
				+ " AND t.publish_date IS NULL ORDER BY t.id DESC FETCH FIRST 31 ROWS ONLY)) t"
				+ " ORDER BY t.publish_date DESC NULLS LAST, t.id DESC" + PAGE);
		assertThat(listing.countsAlong()).isFalse();
	}

	@Test
	void aCursorPageOfANullableSortResumesAfterItsKeyInBothParts() {
		Listing first = books().build(sort("-publish_date"), new Paging("10", null, null));
		String cursor = PageRequest.cursor(first.canonical(), 42, Arrays.asList("2001-05-06", "7"));

		Listing listing = books().build(sort("-publish_date"), new Paging("10", null, cursor));

		assertThat(listing.select().sql()).isEqualTo("SELECT t.* FROM ((SELECT " + COLUMNS
				+ " FROM books t WHERE t.publish_date IS NOT NULL AND (t.publish_date, t.id) < (:after_value, :after_id)"
				+ " ORDER BY t.publish_date DESC, t.id DESC FETCH FIRST 11 ROWS ONLY) UNION ALL (SELECT " + COLUMNS
				+ " FROM books t WHERE t.publish_date IS NULL ORDER BY t.id DESC FETCH FIRST 11 ROWS ONLY)) t"
				+ " ORDER BY t.publish_date DESC NULLS LAST, t.id DESC" + PAGE);
		assertThat(listing.select().params())
			.isEqualTo(Map.of("after_value", LocalDate.of(2001, 5, 6), "after_id", 7L, "offset", 0, "rows", 11));
		assertThat(listing.page().total()).isEqualTo(42);
		assertThat(listing.cacheKey()).isEqualTo("sort=-publish_date|10|0|" + cursor);
	}

	@Test
	void aCursorPastTheLastValueReadsOnlyTheRowsWithoutOne() {
		String cursor = PageRequest.cursor("sort=publish_date", 42, Arrays.asList(null, "7"));

		Listing listing = books().build(sort("publish_date"), new Paging("10", null, cursor));

		assertThat(listing.select().sql()).isEqualTo("SELECT t.* FROM (SELECT " + COLUMNS
				+ " FROM books t WHERE t.publish_date IS NULL AND t.id > :after_id ORDER BY t.id ASC"
				+ " FETCH FIRST 11 ROWS ONLY) t ORDER BY t.publish_date ASC NULLS LAST, t.id ASC" + PAGE);
		assertThat(listing.select().params()).containsEntry("after_value", null).containsEntry("after_id", 7L);
	}

	@Test
	void aSubstringFilterOnANullableSortStaysOneQueryWithTheCursorOutside() {
		String cursor = PageRequest.cursor("title~=sea&sort=publish_date", 5, Arrays.asList("2001-05-06", "7"));

		Listing listing = books().contains("title", "title", "sea")
			.build(sort("publish_date"), new Paging(null, null, cursor));

		assertThat(listing.select().sql()).isEqualTo("SELECT t.* FROM (SELECT " + COLUMNS + " FROM books t WHERE "
				+ TITLE + " OFFSET 0 ROWS) t WHERE ((t.publish_date, t.id) > (:after_value, :after_id)"
				+ " OR t.publish_date IS NULL) ORDER BY t.publish_date ASC NULLS LAST, t.id ASC" + PAGE);
		// The cursor carries the total: nothing left to count.
		assertThat(listing.countsAlong()).isFalse();
	}

	@Test
	void narrowingJoinsTheSubstringFilterAndChangesNeitherCacheKeyNorCursors() {
		Listing listing = books().contains("title", "title", "sea")
			.where("t.publish_date >= :published_after", "published_after", LocalDate.of(2001, 5, 6))
			.build(sort("id"), Paging.FIRST);

		Listing narrowed = listing.narrowed("t.words && :words", "words", new String[] { "sea" });

		assertThat(narrowed.select().sql()).isEqualTo("SELECT t.*, COUNT(*) OVER () AS full_count FROM (SELECT "
				+ COLUMNS + " FROM books t WHERE " + TITLE + " AND t.words && :words OFFSET 0 ROWS) t"
				+ " WHERE t.publish_date >= :published_after ORDER BY t.id ASC" + PAGE);
		assertThat(narrowed.select().params()).containsKey("words");
		assertThat(narrowed.canonical()).isEqualTo(listing.canonical());
		assertThat(narrowed.cacheKey()).isEqualTo(listing.cacheKey());
		assertThat(listing.select().sql()).doesNotContain("words");
		assertThat(listing.select().params()).doesNotContainKey("words");
	}

	@Test
	void valuesAreEncodedInTheCanonicalFormSoNoneSpellsAnotherFilter() {
		Listing spelt = books().contains("title", "title", "a&author_id=3").build(sort("id"), Paging.FIRST);
		Listing two = books().contains("title", "title", "a")
			.where(OF_AUTHOR, "author_id", 3L)
			.build(sort("id"), Paging.FIRST);

		assertThat(spelt.canonical()).isEqualTo("title~=a%26author_id%3D3&sort=id");
		assertThat(two.canonical()).isEqualTo("title~=a&author_id=3&sort=id");
	}

	@Test
	void aCursorIsRefusedForOtherFiltersOrAnotherSort() {
		Listing first = books().contains("title", "title", "sea").build(sort("-title"), new Paging("1", null, null));
		String cursor = PageRequest.cursor(first.canonical(), 5, Arrays.asList("Seas", "7"));
		Paging next = new Paging("1", null, cursor);

		assertThat(books().contains("title", "title", "sea").build(sort("-title"), next).page().after())
			.containsExactly("Seas", "7");
		assertRefused(() -> books().contains("title", "title", "se").build(sort("-title"), next));
		assertRefused(() -> books().contains("title", "title", "sea").build(sort("title"), next));
		assertRefused(() -> books().build(sort("-title"), next));
		assertRefused(() -> books().contains("title", "title", "sea")
			.where(OF_AUTHOR, "author_id", 3L)
			.build(sort("-title"), next));
	}

	@Test
	void aCursorWhoseKeyIsNotOfTheSortsTypeIsRefusedBeforeAnyQuery() {
		String cursor = PageRequest.cursor("sort=publish_date", 5, Arrays.asList("Seas", "7"));

		assertThatExceptionOfType(InvalidInput.class)
			.isThrownBy(() -> books().build(sort("publish_date"), new Paging(null, null, cursor)))
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("cursor"));
	}

	@Test
	void pagingOutOfBoundsIsRefusedWhenTheListIsBuilt() {
		assertThatExceptionOfType(InvalidInput.class)
			.isThrownBy(() -> books().build(sort("id"), new Paging("101", null, null)))
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("limit"));
		assertThatExceptionOfType(InvalidInput.class)
			.isThrownBy(() -> books().build(sort("id"), new Paging(null, "10001", null)))
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("offset"));
	}

	@Test
	void likeEscapingCoversItsThreeSpecialCharacters() {
		assertThat(Listing.escaped("100%_\\x")).isEqualTo("100\\%\\_\\\\x");
	}

	private static Listing.Builder books() {
		return Listing.from("books", COLUMNS);
	}

	private static SortOrder sort(String text) {
		return SortOrder.parse(text, SORTS);
	}

	private static void assertRefused(Runnable build) {
		assertThatExceptionOfType(InvalidInput.class).isThrownBy(build::run)
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("cursor"))
			.withMessageContaining("does not belong to this query");
	}

}
