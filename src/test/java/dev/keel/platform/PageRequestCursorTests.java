package dev.keel.platform;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageRequestCursorTests {

	private static final String QUERY = "name~|sort=name";

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
