package dev.keel.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret of a key: {@code keel_} and 256 random bits in base64url. Only its SHA-256
 * digest is stored; a slow hash would add nothing, since 256 random bits cannot be
 * guessed, and would cost every request.
 */
final class KeySecret {

	private static final String PREFIX = "keel_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private KeySecret() {
	}

	static String generate() {
		byte[] bits = new byte[32];
		RANDOM.nextBytes(bits);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
	}

	/** Whether {@code text} has the form of a key; says nothing of whether it is one. */
	static boolean wellFormed(String text) {
		// By hand: this is asked on every request with a key.
		if (text.length() != PREFIX.length() + 43 || !text.startsWith(PREFIX)) {
			return false;
		}
		for (int i = PREFIX.length(); i < text.length(); i++) {
			char c = text.charAt(i);
			if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether {@code text} looks like it was meant to be a key (to refuse it in a URL).
	 */
	static boolean resembled(String text) {
		return text.startsWith(PREFIX);
	}

	static String digest(String secret) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

}
