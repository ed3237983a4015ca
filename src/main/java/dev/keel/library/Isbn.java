package dev.keel.library;

import java.util.Locale;

import dev.keel.platform.InvalidInput;

/** ISBN-10 and ISBN-13 checking, normalised to the 13 digits of ISBN-13. */
final class Isbn {

	private Isbn() {
	}

	/** The ISBN-13 of {@code text}, which may hold hyphens or spaces between digits. */
	static String normalize(String text) {
		String digits = text.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
		if (digits.matches("[0-9]{9}[0-9X]")) {
			if (checksum10(digits) % 11 != 0) {
				throw invalid(text, "its ISBN-10 check digit is wrong");
			}
			String twelve = "978" + digits.substring(0, 9);
			return twelve + check13(twelve);
		}
		if (digits.matches("97[89][0-9]{10}")) {
			if (check13(digits.substring(0, 12)) != digits.charAt(12) - '0') {
				throw invalid(text, "its ISBN-13 check digit is wrong");
			}
			return digits;
		}
		throw invalid(text, "is neither an ISBN-10 (10 digits, the last may be X) nor an ISBN-13 (13 digits "
				+ "starting 978 or 979)");
	}

	private static int checksum10(String digits) {
		int sum = 0;
		for (int i = 0; i < 10; i++) {
			char c = digits.charAt(i);
			sum += (10 - i) * ((c == 'X') ? 10 : c - '0');
		}
		// X is only a check digit.
		return (digits.indexOf('X') >= 0 && digits.indexOf('X') < 9) ? 1 : sum;
	}

	private static int check13(String twelve) {
		int sum = 0;
		for (int i = 0; i < 12; i++) {
			sum += (twelve.charAt(i) - '0') * ((i % 2 == 0) ? 1 : 3);
		}
		return (10 - sum % 10) % 10;
	}

	private static InvalidInput invalid(String text, String reason) {
		return new InvalidInput("isbn", "'" + text + "' " + reason);
	}

}
