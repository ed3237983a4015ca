package dev.keel.platform;

import org.jspecify.annotations.Nullable;

/**
 * The character rules every text the API takes in shares, wherever it comes from (a path,
 * a query or form parameter, a JSON field, a cursor): no U+0000, which PostgreSQL cannot
 * store, and no half of a UTF-16 surrogate pair on its own, which is no character at all
 * (PostgreSQL would store it as {@code ?}).
 */
public final class Characters {

	private Characters() {
	}

	/** Why {@code text} breaks the rules, or null if it does not. */
	public static @Nullable String problem(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\0') {
				return "holds the character U+0000";
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return "is not valid Unicode (it holds half of a surrogate pair)";
			}
		}
		return null;
	}

	/**
	 * Returns {@code text} if it keeps the rules.
	 * @throws InvalidInput naming {@code field} if it does not
	 */
	public static String check(String field, String text) {
		String problem = problem(text);
		if (problem != null) {
			throw new InvalidInput(field, problem);
		}
		return text;
	}

	/**
	 * Whether {@code text} shows anything: a name made only of spaces, zero-width or
	 * format characters, control characters or combining marks is no name.
	 */
	public static boolean hasVisible(String text) {
		return text.codePoints().anyMatch(Characters::visible);
	}

	private static boolean visible(int c) {
		if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
			return false;
		}
		return switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
					Character.NON_SPACING_MARK, Character.ENCLOSING_MARK ->
				false;
			// Letters and symbols that render as blanks (Hangul fillers, the braille
			// blank).
			default -> c != 0x115F && c != 0x1160 && c != 0x3164 && c != 0xFFA0 && c != 0x2800;
		};
	}

}
