package dev.keel.platform;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageRequestTests {

	private static final String QUERY = "name~|sort=name";

	@Test
	void noParametersAskForTheFirstTwentyItems() {
		PageRequest page = PageRequest.of(null, null, null, QUERY);

		assertThat(page).isEqualTo(new PageRequest(20, 0, null, null));
		assertThat(page.cacheKey(QUERY, null)).isEqualTo("name~|sort=name|20|0|");
	}

	@Test
	void limitAndOffsetAreTakenWithinTheirBounds() {
		assertThat(PageRequest.of("1", "0", null, QUERY)).isEqualTo(new PageRequest(1, 0, null, null));
		assertThat(PageRequest.of("100", "10000", null, QUERY)).isEqualTo(new PageRequest(100, 10_000, null, null));
	}

	@Test
	void aLimitOutsideOneToAHundredIsRefused() {
		for (String limit : new String[] { "0", "101", "-1", "", "ten", "+5", "1.0", "\uFF15" }) {
			assertThatExceptionOfType(InvalidInput.class).as(limit)
				.isThrownBy(() -> PageRequest.of(limit, null, null, QUERY))
				.satisfies(ex -> assertThat(ex.field()).isEqualTo("limit"))
				.withMessageContaining("is not a whole number from 1 to 100");
		}
	}

	@Test
	void anOffsetOutsideZeroToTenThousandIsRefused() {
		for (String offset : new String[] { "-1", "10001", "99999999999999999999", "" }) {
			assertThatExceptionOfType(InvalidInput.class).as(offset)
				.isThrownBy(() -> PageRequest.of(null, offset, null, QUERY))
				.satisfies(ex -> assertThat(ex.field()).isEqualTo("offset"))
				.withMessageContaining("is not a whole number from 0 to 10,000");
		}
	}

	@Test
	void anOffsetWithACursorIsRefused() {
		String cursor = PageRequest.cursor(QUERY, 42, Arrays.asList("a", "7"));

		assertThatExceptionOfType(InvalidInput.class).isThrownBy(() -> PageRequest.of(null, "0", cursor, QUERY))
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("offset"))
			.withMessageContaining("give offset or cursor, not both");
	}

	// Clients keep cursors between releases: this one was issued before the list query
	// became a value, and must keep reading as it did.
	@Test
	void theCursorFormatStaysAsIssued() {
		String query = "title~=le+guin&sort=-publish_date";
		String issued = "YjI5MGQ5YzQ.NDI.MjAwMS0wNS0wNg.Nw";

		assertThat(PageRequest.cursor(query, 42, Arrays.asList("2001-05-06", "7"))).isEqualTo(issued);
		assertThat(PageRequest.cursor(query, 42, Arrays.asList(null, "7"))).isEqualTo("YjI5MGQ5YzQ.NDI.*.Nw");
		PageRequest page = PageRequest.of("5", null, issued, query);
		assertThat(page).isEqualTo(new PageRequest(5, 0, Arrays.asList("2001-05-06", "7"), 42L));
		assertThat(page.afterId()).isEqualTo(7);
		assertThat(page.cacheKey(query, issued)).isEqualTo(query + "|5|0|" + issued);
	}

	@Test
	void aCursorThatIsNoCursorIsRefused() {
		for (String cursor : new String[] { "%%", "a.b.c!", "YjI5MGQ5YzQ.bm90IGEgbnVtYmVy.Nw" }) {
			assertThatExceptionOfType(InvalidInput.class).as(cursor)
				.isThrownBy(() -> PageRequest.of(null, null, cursor, "title~=le+guin&sort=-publish_date"))
				.satisfies(ex -> assertThat(ex.field()).isEqualTo("cursor"))
				.withMessageContaining("is not one this service issued");
		}
	}

	@Test
	void aCursorWithANegativeTotalIsRefused() {
		String query = "title~=le+guin&sort=-publish_date";
		String forged = PageRequest.cursor(query, -5, Arrays.asList("2001-05-06", "7"));
		assertThatExceptionOfType(InvalidInput.class).isThrownBy(() -> PageRequest.of(null, null, forged, query))
			.withMessageContaining("is not one this service issued");
	}

	@Test
	void aCursorWithoutAKeyIsRefused() {
		assertThatExceptionOfType(InvalidInput.class)
			.isThrownBy(() -> PageRequest.of(null, null, "YjI5MGQ5YzQ.NDI", "title~=le+guin&sort=-publish_date"))
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("cursor"));
	}

	@Test
	void aKeyWhoseIdIsNoNumberIsRefused() {
		PageRequest page = PageRequest.of(null, null, PageRequest.cursor(QUERY, 3, Arrays.asList("a", "b")), QUERY);

		assertThatExceptionOfType(InvalidInput.class).isThrownBy(page::afterId)
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("cursor"));
	}

	@Test
	void aCursorReadsBackAsTheKeyAndTotalItWasIssuedWith() {
		String cursor = PageRequest.cursor(QUERY, 42, Arrays.asList("Le Guin", null, "7"));

		PageRequest page = PageRequest.of("10", null, cursor, QUERY);

		assertThat(page.total()).isEqualTo(42);
		assertThat(page.after()).containsExactly("Le Guin", null, "7");
	}

	// PostgreSQL refuses U+0000 in a text parameter with "invalid byte sequence" (500).
	@Test
	void aForgedCursorWhoseKeyHoldsUPlus0000IsRefusedBeforeAnyQuery() {
		String cursor = PageRequest.cursor(QUERY, 42, Arrays.asList("a\u0000", "7"));

		assertThatExceptionOfType(InvalidInput.class).isThrownBy(() -> PageRequest.of(null, null, cursor, QUERY))
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("cursor"));
	}

	@Test
	void aCursorOfAnotherQueryIsRefused() {
		String cursor = PageRequest.cursor(QUERY, 42, Arrays.asList("a", "7"));

		assertThatExceptionOfType(InvalidInput.class)
			.isThrownBy(() -> PageRequest.of(null, null, cursor, "title~x|sort=title"))
			.withMessageContaining("does not belong to this query");
	}

}
