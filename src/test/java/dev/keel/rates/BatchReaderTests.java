package dev.keel.rates;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.keel.platform.FieldProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchReaderTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void readsCsvColumnsInAnyOrderQuotedOrNotSkippingBlankLines() {
		List<BatchReader.Row> rows = rows("text/csv", """
				\uFEFFPrice, day ,destination_code,origin_code,currency\r
				1500,2016-01-30,NLRTM,CNSGH,\r

				"1520","2016-01-31", "NLRTM" ,CNSGH,eur
				""");
		assertThat(rows).containsExactly(new BatchReader.Row(2, "CNSGH", "NLRTM", "2016-01-30", "1500", null, null),
				new BatchReader.Row(4, "CNSGH", "NLRTM", "2016-01-31", "1520", "eur", null));
	}

	@Test
	void refusesAHeaderWithUnknownMissingOrRepeatedColumns() {
		assertThatThrownBy(() -> rows("text/csv", "origin_code,destination_code,day,price,colour,size\n"))
			.hasMessage("body: line 1: the header names unknown columns ['colour', 'size']; the columns are "
					+ "origin_code, destination_code, day, price and optionally currency");
		assertThatThrownBy(() -> rows("text/csv", "origin_code,day,price\n"))
			.hasMessage("body: line 1: the header lacks the columns [destination_code]");
		assertThatThrownBy(() -> rows("text/csv", "origin_code,destination_code,day,price,price\n"))
			.hasMessage("body: line 1: the header names a column twice");
		assertThatThrownBy(() -> rows("text/csv", "")).hasMessageStartingWith("body: line 1: is empty");
	}

	@Test
	void refusesALineThatIsNoRowWithItsNumber() {
		String header = "origin_code,destination_code,day,price\n";
		assertThatThrownBy(() -> rows("text/csv", header + "CNSGH,NLRTM,2016-01-30,1\nCNSGH,NLRTM,1\n"))
			.hasMessage("body: line 3: has 3 values where the header names 4 columns");
		assertThatThrownBy(() -> rows("text/csv", header + "\"CNSGH,NLRTM,2016-01-30,1\n"))
			.hasMessageStartingWith("body: line 2: has a quoted value that is not closed");
		assertThatThrownBy(() -> rows("text/csv", header + "CN\"SGH,NLRTM,2016-01-30,1\n"))
			.hasMessage("body: line 2: has a quote inside a value");
	}

	@Test
	void readsNdjsonFieldsAndNamesAValueOfTheWrongJsonType() {
		List<BatchReader.Row> rows = rows("application/x-ndjson; charset=utf-8", """
				{"origin_code":"CNSGH","destination_code":"NLRTM","day":"2016-01-30","price":1500}
				{"price":"1520","day":"2016-01-31","origin_code":"CNSGH","destination_code":"NLRTM","currency":null}
				""");
		assertThat(rows.get(0)).isEqualTo(new BatchReader.Row(1, "CNSGH", "NLRTM", "2016-01-30", "1500", null, null));
		assertThat(rows.get(1).problem())
			.isEqualTo(new PriceBatch.Error(2L, "price", "must be a JSON number, not string"));
	}

	@Test
	void refusesAnNdjsonLineThatIsNoObjectOrHasAnUnknownField() {
		assertThatThrownBy(() -> rows("application/x-ndjson", "[1]\n"))
			.hasMessage("body: line 1: is not a JSON object");
		assertThatThrownBy(() -> rows("application/x-ndjson", "{\"price\":1}{\"price\":2}\n"))
			.hasMessageStartingWith("body: line 1: is not one JSON object")
			.hasMessageNotContaining("jackson");
		assertThatThrownBy(() -> rows("application/x-ndjson", "{\"price\":1,\"colour\":\"red\"}\n"))
			.hasMessageStartingWith("body: line 1: has the unknown field 'colour'");
	}

	@Test
	void refusesALineLongerThanAnyRowWithoutHoldingIt() {
		String header = "origin_code,destination_code,day,price\n";
		assertThatThrownBy(() -> rows("text/csv", header + "a".repeat(BatchReader.MAX_LINE + 1)))
			.hasMessage("body: line 2: is longer than 10000 characters");
		assertThat(rows("text/csv", header + "CNSGH,NLRTM,2016-01-30," + "0".repeat(9_000) + "1")).hasSize(1);
	}

	@Test
	void readsAnNdjsonPriceAsWrittenNotAsADouble() {
		String row = "{\"origin_code\":\"CNSGH\",\"destination_code\":\"NLRTM\",\"day\":\"2016-01-30\",\"price\":%s}\n";
		assertThat(rows("application/x-ndjson", row.formatted("1500.0000000000001")).get(0).price())
			.isEqualTo("1500.0000000000001");
		assertThat(rows("application/x-ndjson", row.formatted("1e-999999999")).get(0).price()).isNotEqualTo("0.0");
	}

	@Test
	void refusesAnyOtherContentTypeAs415() {
		assertThatThrownBy(() -> rows("application/json", "{}")).isInstanceOfSatisfying(FieldProblem.class,
				problem -> assertThat(problem.status().value()).isEqualTo(415));
		assertThatThrownBy(() -> rows("text/csv; charset=utf-16", "")).isInstanceOfSatisfying(FieldProblem.class,
				problem -> assertThat(problem.getMessage())
					.isEqualTo("Content-Type: 'text/csv; charset=utf-16' is not accepted; a batch is UTF-8"));
	}

	private static List<BatchReader.Row> rows(String contentType, String body) {
		BatchReader reader = BatchReader.of(contentType,
				new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), JSON);
		List<BatchReader.Row> rows = new ArrayList<>();
		for (BatchReader.Row row = reader.next(); row != null; row = reader.next()) {
			rows.add(row);
		}
		return rows;
	}

}
