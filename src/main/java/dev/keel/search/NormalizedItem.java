package dev.keel.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * A record that passed every rule, ready to store.
 *
 * @param title trimmed, whitespace collapsed
 * @param url absolute http or https, scheme lower-case
 * @param date UTC when the record gave an offset or zone
 * @param foldedTitle the title as the search compares it ({@link Folding})
 * @param titleWords the words of the folded title, as PostgreSQL indexes them
 * @param fingerprint what makes two records the same item: a digest of title, URL and
 * date
 */
record NormalizedItem(String title, String url, LocalDateTime date, String foldedTitle, String[] titleWords,
		UUID fingerprint) implements RecordRules.Outcome {

	static NormalizedItem of(String title, String url, LocalDateTime date) {
		String folded = Folding.fold(title);
		return new NormalizedItem(title, url, date, folded, TitleWords.of(folded), fingerprint(title, url, date));
	}

	// 128 bits of SHA-256: a collision among billions of items is out of reach.
	private static UUID fingerprint(String title, String url, LocalDateTime date) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			// U+0000 separates the parts: none of them can hold it.
			String identity = title + '\0' + url + '\0' + ItemDates.text(date);
			ByteBuffer hash = ByteBuffer.wrap(digest.digest(identity.getBytes(StandardCharsets.UTF_8)));
			return new UUID(hash.getLong(), hash.getLong());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

}
