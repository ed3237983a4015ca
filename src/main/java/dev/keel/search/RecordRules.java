package dev.keel.search;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDateTime;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

import dev.keel.platform.Characters;

/**
 * The rules a source record ({@code {"title", "uri", "date"}}) must pass, checked in that
 * order; the first field that fails names the rejection. Other fields are ignored:
 * records from the web carry all sorts of extras.
 */
final class RecordRules {

	static final int MAX_TITLE = 500;

	static final int MAX_URL = 2048;

	private RecordRules() {
	}

	/** The record normalized, or the reason it is rejected. */
	static Outcome check(int index, JsonNode record) {
		if (!record.isObject()) {
			return new Rejection(index, "item", "is not an object but " + kind(record));
		}
		String title;
		String url;
		LocalDateTime date;
		try {
			title = title(text(record.get("title")));
		}
		catch (BrokenRule ex) {
			return new Rejection(index, "title", ex.getMessage());
		}
		try {
			url = url(text(record.get("uri")));
		}
		catch (BrokenRule ex) {
			return new Rejection(index, "uri", ex.getMessage());
		}
		try {
			date = ItemDates.parse(text(record.get("date")));
		}
		catch (BrokenRule | ItemDates.UnreadableDate ex) {
			return new Rejection(index, "date", ex.getMessage());
		}
		return NormalizedItem.of(title, url, date);
	}

	private static String text(@Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			throw new BrokenRule("is missing");
		}
		if (!value.isString()) {
			throw new BrokenRule("must be a string, not " + kind(value));
		}
		String text = value.asString();
		for (int i = 0; i < text.length();) {
			int c = text.codePointAt(i);
			if (c == 0) {
				throw new BrokenRule("holds the character U+0000");
			}
			// A lone half of a surrogate pair is no character at all.
			if (Character.getType(c) == Character.SURROGATE) {
				throw new BrokenRule("is not valid Unicode (a lone surrogate)");
			}
			i += Character.charCount(c);
		}
		return text;
	}

	static String title(String text) {
		String title = Folding.collapse(text).strip();
		if (title.isEmpty()) {
			throw new BrokenRule("is blank");
		}
		if (!Characters.hasVisible(title)) {
			throw new BrokenRule("has no visible character");
		}
		if (title.codePointCount(0, title.length()) > MAX_TITLE) {
			throw new BrokenRule("is longer than " + MAX_TITLE + " characters");
		}
		return title;
	}

	static String url(String text) {
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			throw new BrokenRule("is empty");
		}
		// Protocol-relative (//host/path): the secure scheme.
		String absolute = trimmed.startsWith("//") ? "https:" + trimmed : trimmed;
		URI uri;
		try {
			uri = new URI(absolute);
		}
		catch (URISyntaxException ex) {
			throw new BrokenRule("is not a valid URL (" + ex.getReason() + ")");
		}
		String scheme = uri.getScheme();
		if (scheme == null) {
			throw new BrokenRule("is not an absolute URL");
		}
		String lower = scheme.toLowerCase(Locale.ROOT);
		if (!lower.equals("http") && !lower.equals("https")) {
			throw new BrokenRule("has scheme '" + scheme + "'; only http and https are accepted");
		}
		if (host(uri).isEmpty()) {
			throw new BrokenRule("has no host");
		}
		String url = lower + absolute.substring(scheme.length());
		if (url.codePointCount(0, url.length()) > MAX_URL) {
			throw new BrokenRule("is longer than " + MAX_URL + " characters");
		}
		return url;
	}

	// java.net.URI gives no host for names it cannot read as one (bücher.de,
	// my_host.com),
	// which web content holds; the authority without user and port is the host then.
	private static String host(URI uri) {
		if (uri.getHost() != null) {
			return uri.getHost();
		}
		String authority = (uri.getRawAuthority() != null) ? uri.getRawAuthority() : "";
		String host = authority.substring(authority.lastIndexOf('@') + 1);
		int port = host.lastIndexOf(':');
		return (port >= 0 && !host.endsWith("]")) ? host.substring(0, port) : host;
	}

	private static String kind(JsonNode value) {
		return switch (value.getNodeType()) {
			case ARRAY -> "an array";
			case OBJECT -> "an object";
			case NUMBER -> "a number";
			case BOOLEAN -> "a boolean";
			case NULL -> "null";
			default -> "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
		};
	}

	/** A record normalized, or the reason it was rejected. */
	sealed interface Outcome permits NormalizedItem, Rejection {

	}

	/** A field that breaks a rule; the message is the reason. */
	static final class BrokenRule extends RuntimeException {

		BrokenRule(String reason) {
			super(reason, null, false, false);
		}

	}

}
