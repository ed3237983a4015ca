package dev.keel.search;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FoldingTests {

	@ParameterizedTest(name = "{0} folds to {1}")
	@CsvSource(delimiter = '|', textBlock = """
			Le CONFORT de louer | le confort de louer
			Évoluer             | evoluer
			CONCEIÇÃO           | conceicao
			ﬁnal Straße         | final straße
			İstanbul            | istanbul
			ΟΔΟΣ ΚΑΙ            | οδοσ και
			Αστυνομίας          | αστυνομιασ
			""")
	void foldsCaseAccentsAndCompatibilityForms(String text, String folded) {
		assertThat(Folding.fold(text)).isEqualTo(folded);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			a b         | a b
			a  b        | a b
			'a\tb'      | a b
			'a\r\n b'   | a b
			a\u00A0\u00A0b | a b
			a\u2003b    | a b
			a\u0085b    | a b
			é  à        | é à
			a\u0001b    | a\u0001b
			""")
	void collapsesEveryRunOfWhitespaceToOneSpace(String text, String collapsed) {
		assertThat(Folding.collapse(unescape(text))).isEqualTo(unescape(collapsed));
	}

	// CsvSource keeps \\uXXXX as written; Java text blocks have turned \t, \r, \n
	// already.
	private static String unescape(String text) {
		return text.translateEscapes();
	}

}
