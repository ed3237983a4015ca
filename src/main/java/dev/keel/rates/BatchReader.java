package dev.keel.rates;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.keel.platform.FieldProblem;
import dev.keel.platform.JsonProblems;

/**
 * Reads the rows of a batch body as it streams in, one line at a time: CSV with a header
 * line, or NDJSON. What makes the body unreadable (no header, an unknown column, a line
 * that is no row) is an {@link UnreadableBatch}; what is wrong with a row's values is for
 * {@link BatchChecks}.
 */
abstract sealed class BatchReader {

	static final MediaType CSV = MediaType.parseMediaType("text/csv");

	static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	static final List<String> REQUIRED = List.of("origin_code", "destination_code", "day", "price");

	static final String CURRENCY = "currency";

	/** The longest line read: a row is a few dozen characters. */
	static final int MAX_LINE = 10_000;

	/**
	 * One row as sent: the text of each field (null when absent or empty), or the problem
	 * that one field's JSON type makes.
	 */
	record Row(long line, @Nullable String origin, @Nullable String destination, @Nullable String day,
			@Nullable String price, @Nullable String currency, PriceBatch.@Nullable Error problem) {

	}

	private final BufferedReader lines;

	private long line;

	private final StringBuilder text = new StringBuilder(128);

	BatchReader(InputStream body) {
		this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
	}

	/** The reader of a body of {@code contentType}; 415 for any other type. */
	static BatchReader of(@Nullable String contentType, InputStream body, JsonMapper json) {
		return CSV.equalsTypeAndSubtype(type(contentType)) ? new Csv(body) : new Ndjson(body, json);
	}

	/** The body's type: CSV or NDJSON in UTF-8, else 415. */
	static MediaType type(@Nullable String contentType) {
		MediaType type = (contentType != null) ? MediaType.parseMediaType(contentType) : null;
		if (type != null && (CSV.equalsTypeAndSubtype(type) || NDJSON.equalsTypeAndSubtype(type))) {
			if (type.getCharset() != null && !StandardCharsets.UTF_8.equals(type.getCharset())) {
				throw new FieldProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, HttpHeaders.CONTENT_TYPE,
						"'" + contentType + "' is not accepted; a batch is UTF-8");
			}
			return type;
		}
		throw new FieldProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, HttpHeaders.CONTENT_TYPE,
				((contentType != null) ? "'" + shown(contentType) + "' is not accepted" : "is required")
						+ "; send text/csv or application/x-ndjson");
	}

	/** The next row, or null after the last. */
	abstract @Nullable Row next();

	/** The next line that is not blank, or null at the end; counts every line. */
	final @Nullable String nextLine() {
		try {
			String text;
			do {
				text = readLine();
				if (text == null) {
					return null;
				}
				this.line++;
				if (this.line == 1 && text.startsWith("\uFEFF")) {
					text = text.substring(1);
				}
			}
			while (text.isBlank());
			return text;
		}
		catch (IOException ex) {
			// The client went away or stopped sending: nobody reads the answer, but
			// nothing may be kept either.
			throw new UnreadableBatch(this.line + 1, "could not be read: the body ended early");
		}
	}

	// BufferedReader.readLine, but a line is refused past MAX_LINE characters rather than
	// held whole, however long: a body without line breaks would fill the heap.
	private @Nullable String readLine() throws IOException {
		this.text.setLength(0);
		boolean any = false;
		int c;
		while ((c = this.lines.read()) >= 0) {
			any = true;
			if (c == '\n') {
				break;
			}
			if (this.text.length() == MAX_LINE) {
				throw new UnreadableBatch(this.line + 1, "is longer than " + MAX_LINE + " characters");
			}
			this.text.append((char) c);
		}
		if (!any) {
			return null;
		}
		int end = this.text.length();
		return (end > 0 && this.text.charAt(end - 1) == '\r') ? this.text.substring(0, end - 1) : this.text.toString();
	}

	final long line() {
		return this.line;
	}

	/** Text shown in a reason: short, and without control characters. */
	static String shown(String value) {
		return shown(value, 40);
	}

	/**
	 * Text shown in a reason: at most {@code max} characters, without control characters.
	 */
	static String shown(String value, int max) {
		String shown = (value.length() > max) ? value.substring(0, max) + "..." : value;
		return shown.codePoints()
			.map(c -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
	}

	/**
	 * CSV after RFC 4180, one row per line: no value of a batch can hold a comma, a quote
	 * or a line break, so a quoted value is unquoted and nothing more.
	 */
	static final class Csv extends BatchReader {

		// The index of each known column in a line, -1 where absent.
		private final int origin;

		private final int destination;

		private final int day;

		private final int price;

		private final int currency;

		private final int width;

		private final String[] values;

		Csv(InputStream body) {
			super(body);
			String header = nextLine();
			if (header == null) {
				throw new UnreadableBatch(1, "is empty: a CSV batch starts with a header line naming the columns "
						+ String.join(",", REQUIRED) + " and optionally " + CURRENCY);
			}
			List<String> columns = new ArrayList<>();
			for (String column : split(header, new ArrayList<>())) {
				columns.add((column != null) ? column.toLowerCase(Locale.ROOT) : "");
			}
			Set<String> unknown = new LinkedHashSet<>(columns);
			REQUIRED.forEach(unknown::remove);
			unknown.remove(CURRENCY);
			if (!unknown.isEmpty()) {
				throw new UnreadableBatch(line(),
						"the header names unknown columns " + unknown.stream().map(c -> "'" + shown(c) + "'").toList()
								+ "; the columns are " + String.join(", ", REQUIRED) + " and optionally " + CURRENCY);
			}
			List<String> missing = REQUIRED.stream().filter(c -> !columns.contains(c)).toList();
			if (!missing.isEmpty()) {
				throw new UnreadableBatch(line(), "the header lacks the columns " + missing);
			}
			if (new LinkedHashSet<>(columns).size() != columns.size()) {
				throw new UnreadableBatch(line(), "the header names a column twice");
			}
			this.origin = columns.indexOf("origin_code");
			this.destination = columns.indexOf("destination_code");
			this.day = columns.indexOf("day");
			this.price = columns.indexOf("price");
			this.currency = columns.indexOf(CURRENCY);
			this.width = columns.size();
			this.values = new String[this.width];
		}

		@Override
		@Nullable Row next() {
			String text = nextLine();
			if (text == null) {
				return null;
			}
			List<@Nullable String> fields = split(text, new ArrayList<>(this.width));
			if (fields.size() != this.width) {
				throw new UnreadableBatch(line(),
						"has " + fields.size() + " values where the header names " + this.width + " columns");
			}
			fields.toArray(this.values);
			return new Row(line(), this.values[this.origin], this.values[this.destination], this.values[this.day],
					this.values[this.price], (this.currency >= 0) ? this.values[this.currency] : null, null);
		}

		// Values are stripped of spaces around them; an empty one is null.
		private List<@Nullable String> split(String text, List<@Nullable String> into) {
			int start = 0;
			while (true) {
				int comma = text.indexOf(',', start);
				int end = (comma >= 0) ? comma : text.length();
				String value = text.substring(start, end).strip();
				if (value.startsWith("\"")) {
					if (value.length() < 2 || !value.endsWith("\"") || value.indexOf('"', 1) != value.length() - 1) {
						throw new UnreadableBatch(line(), "has a quoted value that is not closed, or that holds a "
								+ "comma or a quote, which no value of a batch can");
					}
					value = value.substring(1, value.length() - 1).strip();
				}
				else if (value.indexOf('"') >= 0) {
					throw new UnreadableBatch(line(), "has a quote inside a value");
				}
				into.add(value.isEmpty() ? null : value);
				if (comma < 0) {
					return into;
				}
				start = comma + 1;
			}
		}

	}

	/** One JSON object per line. */
	static final class Ndjson extends BatchReader {

		private final ObjectReader reader;

		Ndjson(InputStream body, JsonMapper json) {
			super(body);
			// Numbers as written, not as doubles: 1500.0000000000001 is no whole number,
			// and 1e-999999999 is no zero.
			this.reader = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
		}

		@Override
		@Nullable Row next() {
			String text = nextLine();
			if (text == null) {
				return null;
			}
			JsonNode object;
			try {
				object = this.reader.readTree(text);
			}
			catch (JacksonException ex) {
				throw new UnreadableBatch(line(),
						"is not one JSON object: " + JsonProblems.describe(ex, "line").reason());
			}
			if (object == null || !object.isObject()) {
				throw new UnreadableBatch(line(), "is not a JSON object");
			}
			Map<String, @Nullable String> fields = new HashMap<>();
			PriceBatch.Error problem = null;
			for (Map.Entry<String, JsonNode> field : object.properties()) {
				String name = field.getKey();
				if (!REQUIRED.contains(name) && !CURRENCY.equals(name)) {
					throw new UnreadableBatch(line(), "has the unknown field '" + shown(name) + "'; the fields are "
							+ String.join(", ", REQUIRED) + " and optionally " + CURRENCY);
				}
				JsonNode value = field.getValue();
				boolean number = name.equals("price");
				if (value.isNull()) {
					fields.put(name, null);
				}
				else if (number ? value.isNumber() : value.isString()) {
					String shownText = number ? value.decimalValue().toString() : value.asString().strip();
					fields.put(name, shownText.isEmpty() ? null : shownText);
				}
				else if (problem == null) {
					problem = new PriceBatch.Error(line(), name, "must be a JSON " + (number ? "number" : "string")
							+ ", not " + value.getNodeType().name().toLowerCase(Locale.ROOT));
				}
			}
			return new Row(line(), fields.get("origin_code"), fields.get("destination_code"), fields.get("day"),
					fields.get("price"), fields.get(CURRENCY), problem);
		}

	}

}
