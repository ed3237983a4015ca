package dev.keel.search;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text as the title search compares it: compatibility-decomposed, accents and other
 * combining marks removed, lower-cased. "Évoluer" and "EVOLUER" both fold to "evoluer".
 */
final class Folding {

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

	private Folding() {
	}

	static String fold(String text) {
		return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
	}

	/** Runs of whitespace of any kind as one space, as titles are stored. */
	static String collapse(String text) {
		return WHITESPACE.matcher(text).replaceAll(" ");
	}

}
