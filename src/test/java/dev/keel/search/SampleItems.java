package dev.keel.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.fail;

/**
 * The sample file of the content-search issue (100 records of web content), read from
 * where {@code KEEL_SAMPLE_ITEMS} points, by default the project's shared data beside the
 * repository. It is not copied into the repository; a test that needs it fails when it is
 * missing, it is never skipped.
 */
final class SampleItems {

	static final String DEFAULT_PATH = "../shared/data/content-search/items.json";

	/**
	 * The records refused, by index, with the field named and a word of the reason: a
	 * {@code file:} URL, a null title, an empty title (its null URL comes second), a date
	 * without a year, and a relative URL.
	 */
	static final Map<Integer, String> REJECTED = Map.of(5, "uri", 46, "title", 75, "title", 91, "date", 97, "uri");

	static final Map<Integer, String> REASONS = Map.of(5, "file", 46, "missing", 75, "blank", 91, "no year", 97,
			"absolute");

	static final int RECORDS = 100;

	static final int ACCEPTED = RECORDS - REJECTED.size();

	/** The one protocol-relative URL of the file; it is stored as https. */
	static final int PROTOCOL_RELATIVE = 54;

	private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
			"oct", "nov", "dec");

	private static final Pattern HOUR = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}");

	private static final Pattern SECONDS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");

	private static final Pattern MONTH_DAY_YEAR = Pattern.compile("(\\p{Alpha}+) (\\d{1,2}) (\\d{4})");

	private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(\\d{1,2}) (\\p{Alpha}+) (\\d{4})");

	private SampleItems() {
	}

	static Path path() {
		String configured = System.getenv("KEEL_SAMPLE_ITEMS");
		Path path = Path.of((configured != null && !configured.isBlank()) ? configured : DEFAULT_PATH);
		if (!Files.isRegularFile(path)) {
			fail("The content-search sample file is missing at " + path.toAbsolutePath().normalize()
					+ ": set KEEL_SAMPLE_ITEMS to the items.json of the issue (by default " + DEFAULT_PATH
					+ " from the project root). It is never copied into the repository.");
		}
		return path;
	}

	/** The file's text, a bulk request body as it is. */
	static String text() {
		try {
			return Files.readString(path());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The file's records, in order. */
	static List<JsonNode> records() {
		List<JsonNode> records = new ArrayList<>();
		SearchClient.JSON.readTree(text()).path("items").forEach(records::add);
		if (records.size() != RECORDS) {
			fail("The sample file " + path() + " holds " + records.size() + " records, not the issue's " + RECORDS);
		}
		return records;
	}

	/** The indexes of the records accepted. */
	static List<Integer> accepted() {
		List<Integer> accepted = new ArrayList<>();
		for (int i = 0; i < RECORDS; i++) {
			if (!REJECTED.containsKey(i)) {
				accepted.add(i);
			}
		}
		return accepted;
	}

	/** The URL an accepted record is stored with. */
	static String url(JsonNode record, int index) {
		String uri = record.path("uri").asString();
		return (index == PROTOCOL_RELATIVE) ? "https:" + uri : uri;
	}

	/**
	 * The date a record of the file is stored with, worked out apart from the service's
	 * own reading: the file holds only these four formats besides the rejected one.
	 */
	static String date(String raw) {
		if (HOUR.matcher(raw).matches()) {
			return raw + ":00:00";
		}
		if (SECONDS.matcher(raw).matches()) {
			return raw;
		}
		Matcher named = MONTH_DAY_YEAR.matcher(raw);
		if (named.matches()) {
			return day(named.group(3), named.group(1), named.group(2));
		}
		Matcher european = DAY_MONTH_YEAR.matcher(raw);
		if (european.matches()) {
			return day(european.group(3), european.group(2), european.group(1));
		}
		throw new IllegalArgumentException("no format of the sample file: " + raw);
	}

	private static String day(String year, String month, String day) {
		int number = MONTHS.indexOf(month.substring(0, 3).toLowerCase(Locale.ROOT)) + 1;
		if (number == 0) {
			throw new IllegalArgumentException("no month: " + month);
		}
		return "%s-%02d-%02dT00:00:00".formatted(year, number, Integer.parseInt(day));
	}

}
