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
		// Most titles are plain ASCII, which has nothing to decompose.
		if (isAscii(text)) {
			return text.toLowerCase(Locale.ROOT);
		}
		// Lower-casing turns a word-final capital sigma into the final form; one form
		// for both, so that a term matches whatever the place of its sigma.
		return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD))
			.replaceAll("")
			.toLowerCase(Locale.ROOT)
			.replace('ς', 'σ');
	}

	/** Runs of whitespace of any kind as one space, as titles are stored. */
	static String collapse(String text) {
		return isCollapsed(text) ? text : WHITESPACE.matcher(text).replaceAll(" ");
	}

	private static boolean isAscii(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) >= 0x80) {
				return false;
			}
		}
		return true;
	}

	// No whitespace but single spaces: nothing the pattern would change. Beyond ASCII,
	// Unicode's White_Space is U+0085 and the space separators.
	private static boolean isCollapsed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean space = (c < 0x80) ? (c == ' ' || c >= '\t' && c <= '\r') : (c == 0x85 || Character.isSpaceChar(c));
			if (space && (c != ' ' || (i > 0 && text.charAt(i - 1) == ' '))) {
				return false;
			}
		}
		return true;
	}

}
