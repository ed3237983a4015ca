package dev.keel.platform;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SortOrderTests {

	private static final Map<String, SortKey> SORTS = Map.of("title", SortKey.required("title", text -> text),
			"publish_date", SortKey.nullable("publish_date", LocalDate::parse), "id",
			SortKey.required("id", Long::valueOf));

	@Test
	void noSortIsAscendingId() {
		SortOrder sort = SortOrder.parse(null, SORTS);

		assertThat(sort.name()).isEqualTo("id");
		assertThat(sort.orderBy()).isEqualTo("t.id ASC");
		assertThat(sort.after(false)).isEqualTo("t.id > :after_id");
	}

	@Test
	void aMinusMakesItDescending() {
		SortOrder sort = SortOrder.parse("-title", SORTS);

		assertThat(sort.name()).isEqualTo("-title");
		assertThat(sort.column()).isEqualTo("title");
		assertThat(sort.descending()).isTrue();
		assertThat(sort.orderBy()).isEqualTo("t.title DESC, t.id DESC");
	}

	@Test
	void aSortOutsideTheSetIsRefusedNamingTheChoices() {
		for (String text : new String[] { "name", "+title", "--title", "-", "", "TITLE" }) {
			assertThatExceptionOfType(InvalidInput.class).as(text)
				.isThrownBy(() -> SortOrder.parse(text, SORTS))
				.satisfies(ex -> assertThat(ex.field()).isEqualTo("sort"))
				.withMessageContaining("is not one of [id, publish_date, title] (prefix - for descending)");
		}
	}

	@Test
	void aNullableKeySortsItsMissingValuesLastEitherWay() {
		assertThat(SortOrder.parse("publish_date", SORTS).orderBy())
			.isEqualTo("t.publish_date ASC NULLS LAST, t.id ASC");
		assertThat(SortOrder.parse("-publish_date", SORTS).orderBy())
			.isEqualTo("t.publish_date DESC NULLS LAST, t.id DESC");
		assertThat(SortOrder.parse("-publish_date", SORTS).orderWithin()).isEqualTo("t.publish_date DESC, t.id DESC");
	}

	@Test
	void nullabilityIsWhatTheKeyDeclaresWhateverItsType() {
		assertThat(new SortOrder("-date", SortKey.required("item_date", LocalDateTime::parse), true).nullsLast())
			.isFalse();
		assertThat(new SortOrder("nickname", SortKey.nullable("nickname", text -> text), false).orderBy())
			.isEqualTo("t.nickname ASC NULLS LAST, t.id ASC");
	}

	@Test
	void aCursorResumesAfterItsKeyInTheSortsDirection() {
		assertThat(SortOrder.parse("title", SORTS).after(false))
			.isEqualTo("(t.title, t.id) > (:after_value, :after_id)");
		assertThat(SortOrder.parse("-title", SORTS).after(false))
			.isEqualTo("(t.title, t.id) < (:after_value, :after_id)");
		assertThat(SortOrder.parse("-id", SORTS).after(false)).isEqualTo("t.id < :after_id");
	}

	@Test
	void aCursorOnANullableKeyAlsoTakesTheRowsWithoutAValue() {
		assertThat(SortOrder.parse("publish_date", SORTS).after(false))
			.isEqualTo("((t.publish_date, t.id) > (:after_value, :after_id) OR t.publish_date IS NULL)");
		assertThat(SortOrder.parse("-publish_date", SORTS).after(false))
			.isEqualTo("((t.publish_date, t.id) < (:after_value, :after_id) OR t.publish_date IS NULL)");
	}

	@Test
	void aCursorPastTheLastValueResumesAmongTheRowsWithoutOneByIdOnly() {
		assertThat(SortOrder.parse("publish_date", SORTS).after(true))
			.isEqualTo("(t.publish_date IS NULL AND t.id > :after_id)");
		assertThat(SortOrder.parse("-publish_date", SORTS).after(true))
			.isEqualTo("(t.publish_date IS NULL AND t.id < :after_id)");
	}

	@Test
	void aKeyReadsACursorsTextAsItsColumnsType() {
		assertThat(SORTS.get("publish_date").read("2001-05-06")).isEqualTo(LocalDate.of(2001, 5, 6));
		assertThat(SORTS.get("id").read("7")).isEqualTo(7L);
		assertThat(SORTS.get("title").read("Le Guin")).isEqualTo("Le Guin");
		assertThat(SORTS.get("publish_date").read(null)).isNull();
	}

	@Test
	void aCursorValueNotOfTheKeysTypeIsRefused() {
		assertThatExceptionOfType(InvalidInput.class).isThrownBy(() -> SORTS.get("publish_date").read("2001-02-30"))
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("cursor"));
		assertThatExceptionOfType(InvalidInput.class).isThrownBy(() -> SORTS.get("id").read("seven"))
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("cursor"));
	}

	@Test
	void aRowsKeyIsItsSortValueAsTextAndItsId() {
		assertThat(SortOrder.key(LocalDate.of(2001, 5, 6), 7)).containsExactly("2001-05-06", "7");
		assertThat(SortOrder.key(null, 7)).containsExactly(null, "7");
	}

}
