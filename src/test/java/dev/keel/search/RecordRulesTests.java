package dev.keel.search;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules a source record must pass, in their order, and the item they make of it.
 */
class RecordRulesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String EMOJI = "\uD83D\uDCDA";

	@Test
	void normalizesAGoodRecord() {
		RecordRules.Outcome outcome = check(7,
				"{\"title\": \"  Le   confort\\td'\u00e9voluer \", \"uri\": \" HTTPS://www.Barbosa.br/p?q=1 \","
						+ " \"date\": \"2014-03-08T15:30:00+02:00\", \"extra\": [1, 2]}");

		assertThat(outcome).isInstanceOf(NormalizedItem.class);
		NormalizedItem item = (NormalizedItem) outcome;
		assertThat(item.title()).isEqualTo("Le confort d'\u00e9voluer");
		assertThat(item.url()).isEqualTo("https://www.Barbosa.br/p?q=1");
		assertThat(item.date()).isEqualTo(LocalDateTime.of(2014, 3, 8, 13, 30));
		assertThat(item.foldedTitle()).isEqualTo("le confort d'evoluer");
	}

	@Test
	void theSameItemHowEverSpelledHasOneFingerprint() {
		NormalizedItem item = (NormalizedItem) check(0,
				"{\"title\": \"Same\", \"uri\": \"https://x.example/a\", \"date\": \"2014-03-08\"}");
		for (String same : new String[] {
				"{\"title\": \" Same \", \"uri\": \"HTTPS://x.example/a\", \"date\": \"March 8 2014\"}",
				"{\"title\": \"Same\", \"uri\": \"//x.example/a\", \"date\": \"2014-03-08T01:00:00+01:00\"}" }) {
			assertThat(((NormalizedItem) check(1, same)).fingerprint()).as(same).isEqualTo(item.fingerprint());
		}
		for (String other : new String[] {
				"{\"title\": \"same\", \"uri\": \"https://x.example/a\", \"date\": \"2014-03-08\"}",
				"{\"title\": \"Same\", \"uri\": \"http://x.example/a\", \"date\": \"2014-03-08\"}",
				"{\"title\": \"Same\", \"uri\": \"https://x.example/a\", \"date\": \"2014-03-08T00:00:01\"}" }) {
			assertThat(((NormalizedItem) check(1, other)).fingerprint()).as(other).isNotEqualTo(item.fingerprint());
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			{"title": null, "uri": "https://x.example/", "date": "2014-03-08"}       | title
			{"uri": "https://x.example/", "date": "2014-03-08"}                      | title
			{"title": "", "uri": null, "date": "2014-03-08"}                         | title
			{"title": " \\t ", "uri": "https://x.example/", "date": "2014-03-08"}    | title
			{"title": 12, "uri": "https://x.example/", "date": "2014-03-08"}         | title
			{"title": ["a"], "uri": "https://x.example/", "date": "2014-03-08"}      | title
			{"title": "a\\u0000b", "uri": "https://x.example/", "date": "2014-03-08"} | title
			{"title": "a\\ud800b", "uri": "https://x.example/", "date": "2014-03-08"} | title
			{"title": "T", "uri": null, "date": "2014-03-08"}                        | uri
			{"title": "T", "date": "2014-03-08"}                                     | uri
			{"title": "T", "uri": "file:///phillips.info/main/", "date": "2014-03-08"} | uri
			{"title": "T", "uri": "/main/posts/author/", "date": "bad"}              | uri
			{"title": "T", "uri": "https://x.example/", "date": null}                | date
			{"title": "T", "uri": "https://x.example/", "date": "May 23"}            | date
			{"title": "T", "uri": "https://x.example/", "date": 1985}                | date
			{"title": "T", "uri": "https://x.example/", "date": true}                | date
			[]                                                                       | item
			"text"                                                                   | item
			null                                                                     | item
			3                                                                        | item
			""")
	void namesTheFirstFieldThatBreaksARule(String record, String field) {
		RecordRules.Outcome outcome = check(3, record);

		assertThat(outcome).isInstanceOf(Rejection.class);
		Rejection rejection = (Rejection) outcome;
		assertThat(rejection.index()).isEqualTo(3);
		assertThat(rejection.field()).isEqualTo(field);
		assertThat(rejection.reason()).isNotBlank();
	}

	@Test
	void aTitleIsTrimmedCollapsedAndAtMost500Characters() {
		assertThat(RecordRules.title(" \u00A0a \t\n b\u2003 ")).isEqualTo("a b");
		assertThat(RecordRules.title("t".repeat(500))).hasSize(500);
		assertThat(RecordRules.title("  " + "t".repeat(500) + "  ")).hasSize(500);
		// Characters, not UTF-16 units: 500 emoji are 1,000 of those.
		assertThat(RecordRules.title(EMOJI.repeat(500))).isEqualTo(EMOJI.repeat(500));
		// Collapsed first: 501 characters with a double space are 500.
		assertThat(RecordRules.title("t".repeat(250) + "  " + "t".repeat(249))).hasSize(500);
		assertThatExceptionOfType(RecordRules.BrokenRule.class).isThrownBy(() -> RecordRules.title("t".repeat(501)))
			.withMessageContaining("500");
		assertThatExceptionOfType(RecordRules.BrokenRule.class).isThrownBy(() -> RecordRules.title(EMOJI.repeat(501)));
		assertThatExceptionOfType(RecordRules.BrokenRule.class).isThrownBy(() -> RecordRules.title(" \t\n\u00A0"))
			.withMessageContaining("blank");
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource(delimiter = '|', textBlock = """
			http://x.com/A                 | http://x.com/A
			HTTP://x.com/A                 | http://x.com/A
			HtTpS://Example.COM/Path?q=A#F | https://Example.COM/Path?q=A#F
			//www.barbosa.br/privacy.html  | https://www.barbosa.br/privacy.html
			' https://x.com/ '             | https://x.com/
			http://x.com                   | http://x.com
			http://x.com:8080/a%20b        | http://x.com:8080/a%20b
			https://user@x.com/            | https://user@x.com/
			https://bücher.de/katalog      | https://bücher.de/katalog
			http://my_host.example.com:81/ | http://my_host.example.com:81/
			""")
	void acceptsAbsoluteHttpUrlsWithAHostAndLowerCasesTheScheme(String text, String expected) {
		assertThat(RecordRules.url(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  ", "file:///phillips.info/main/", "mailto:someone@example.com", "ftp://x.example/",
			"javascript:alert(1)", "/main/posts/author/", "main/posts", "x.example/page", "http://", "http:///path",
			"https:", "//", "http://exa mple.com/", "http://x.com/a b", "http://:80/", "http://user@/x" })
	void refusesWhatIsNoAbsoluteHttpUrlWithAHost(String text) {
		assertThatExceptionOfType(RecordRules.BrokenRule.class).isThrownBy(() -> RecordRules.url(text));
	}

	@Test
	void aUrlIsAtMost2048CharactersAsStored() {
		String longest = "http://x.example/" + "a".repeat(2048 - 17);
		assertThat(RecordRules.url(longest)).hasSize(2048);
		assertThatExceptionOfType(RecordRules.BrokenRule.class).isThrownBy(() -> RecordRules.url(longest + "a"))
			.withMessageContaining("2048");
		// The scheme a protocol-relative URL gains counts.
		String relative = "//x.example/" + "a".repeat(2048 - 18);
		assertThat(RecordRules.url(relative)).hasSize(2048);
		assertThatExceptionOfType(RecordRules.BrokenRule.class).isThrownBy(() -> RecordRules.url(relative + "a"));
	}

	private static RecordRules.Outcome check(int index, String json) {
		JsonNode record = JSON.readTree(json);
		return RecordRules.check(index, record);
	}

}
