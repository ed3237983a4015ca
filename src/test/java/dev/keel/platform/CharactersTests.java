package dev.keel.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CharactersTests {

	@Test
	void refusesUPlus0000AndLoneHalvesOfSurrogatePairs() {
		assertThat(Characters.problem("a\u0000")).isEqualTo("holds the character U+0000");
		assertThat(Characters.problem("a\uD800")).contains("surrogate");
		assertThat(Characters.problem("\uDC00a")).contains("surrogate");
		assertThat(Characters.problem("\uDC00\uD800")).contains("surrogate");
		assertThatExceptionOfType(InvalidInput.class).isThrownBy(() -> Characters.check("name", "\uD83D"))
			.satisfies(ex -> assertThat(ex.field()).isEqualTo("name"));
	}

	@Test
	void takesWholeSurrogatePairsAndAnyOtherText() {
		assertThat(Characters.problem("\uD83D\uDE00 é ｘ \u200B")).isNull();
		assertThat(Characters.check("name", "")).isEmpty();
	}

	@Test
	void aTextOfBlanksShowsNothing() {
		assertThat(Characters.hasVisible("\u200B\u200B")).isFalse();
		assertThat(Characters.hasVisible("\u00A0\u2003\uFEFF")).isFalse();
		assertThat(Characters.hasVisible("\u0301\u034F")).isFalse();
		assertThat(Characters.hasVisible("\u3164\u2800")).isFalse();
		assertThat(Characters.hasVisible("\u200Ba")).isTrue();
		assertThat(Characters.hasVisible("\u4E2D")).isTrue();
		assertThat(Characters.hasVisible("\uD83D\uDE00")).isTrue();
	}

}
