package dev.keel.search;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The date formats records arrive in, read strictly, and the one the API writes.
 */
class ItemDatesTests {

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource(delimiter = '|', textBlock = """
			March 30 1985                            | 1985-03-30T00:00:00
			September 02 2018                        | 2018-09-02T00:00:00
			Mar 30 1985                              | 1985-03-30T00:00:00
			March 30, 1985                           | 1985-03-30T00:00:00
			march 30 1985                            | 1985-03-30T00:00:00
			06 Oct 1980                              | 1980-10-06T00:00:00
			16 Sep 2001                              | 2001-09-16T00:00:00
			6 October 1980                           | 1980-10-06T00:00:00
			1991-03-11T01:39:21                      | 1991-03-11T01:39:21
			2014-03-08T15                            | 2014-03-08T15:00:00
			2014-03-08T00                            | 2014-03-08T00:00:00
			2014-03-08                               | 2014-03-08T00:00:00
			2014-03-08T15:30                         | 2014-03-08T15:30:00
			2014-03-08 15:30:00                      | 2014-03-08T15:30:00
			2014-03-08T15:30:00.250                  | 2014-03-08T15:30:00.25
			2014-03-08T15:30:00.000                  | 2014-03-08T15:30:00
			2014-03-08T15:30:00.123456               | 2014-03-08T15:30:00.123456
			2014-03-08T15:30:00.1234567              | 2014-03-08T15:30:00.123456
			2014-03-08T15:30:00+02:00                | 2014-03-08T13:30:00
			2014-03-08T15:30:00-05:00                | 2014-03-08T20:30:00
			2014-03-08T15:30:00Z                     | 2014-03-08T15:30:00
			2014-07-08T15:30:00+02:00[Europe/Paris]  | 2014-07-08T13:30:00
			2000-01-01T01:00:00+02:00                | 1999-12-31T23:00:00
			2000-02-29                               | 2000-02-29T00:00:00
			0001-01-01                               | 0001-01-01T00:00:00
			9999-12-31T23:59:59                      | 9999-12-31T23:59:59
			""")
	void readsEveryFormatOfTheSourceAsUtc(String text, String expected) {
		assertThat(ItemDates.text(ItemDates.parse(text))).isEqualTo(expected);
	}

	@Test
	void ignoresSpaceAroundADate() {
		assertThat(ItemDates.parse(" \t2014-03-08T15\n ")).isEqualTo(LocalDateTime.of(2014, 3, 8, 15, 0));
	}

	@ParameterizedTest
	@ValueSource(strings = { "May 23", "23 May", "June 1st", "Oct 06" })
	void refusesADateWithoutAYear(String text) {
		assertThatExceptionOfType(ItemDates.UnreadableDate.class).isThrownBy(() -> ItemDates.parse(text))
			.withMessageContaining("no year");
	}

	@ParameterizedTest
	@ValueSource(strings = { "February 30 2001", "2001-02-29", "31 Apr 2010", "2014-03-08T24", "2014-03-08T15:61:00" })
	void refusesADayOrTimeThatDoesNotExist(String text) {
		assertThatExceptionOfType(ItemDates.UnreadableDate.class).isThrownBy(() -> ItemDates.parse(text))
			.withMessageContaining("not a real date");
	}

	@ParameterizedTest
	@ValueSource(strings = { "soon", "2014-13-01", "20140308", "08/03/2014", "2014-03-08T", "Marchember 30 1985",
			"1985", "March 30 85", "2014-03-08T15:30:00+25:00" })
	void refusesWhatIsNoDateInAKnownFormat(String text) {
		assertThatExceptionOfType(ItemDates.UnreadableDate.class).isThrownBy(() -> ItemDates.parse(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t\n" })
	void refusesAnEmptyDate(String text) {
		assertThatExceptionOfType(ItemDates.UnreadableDate.class).isThrownBy(() -> ItemDates.parse(text))
			.withMessageContaining("empty");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0000-01-01", "0001-01-01T00:30:00+01:00" })
	void refusesAYearBeforeOne(String text) {
		assertThatExceptionOfType(ItemDates.UnreadableDate.class).isThrownBy(() -> ItemDates.parse(text))
			.withMessageContaining("year 0");
	}

	@Test
	void writesSecondsAlwaysAndAFractionOnlyWhenThereIsOne() {
		assertThat(ItemDates.text(LocalDateTime.of(2014, 3, 8, 15, 0))).isEqualTo("2014-03-08T15:00:00");
		assertThat(ItemDates.text(LocalDateTime.of(2014, 3, 8, 0, 0))).isEqualTo("2014-03-08T00:00:00");
		assertThat(ItemDates.text(LocalDateTime.of(2014, 3, 8, 15, 0, 5, 500_000_000)))
			.isEqualTo("2014-03-08T15:00:05.5");
		assertThat(ItemDates.text(LocalDateTime.of(2014, 3, 8, 15, 0, 5, 1_000)))
			.isEqualTo("2014-03-08T15:00:05.000001");
	}

}
