package dev.keel.rates;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DumpStatementTests {

	@Test
	void readsTheDatasetsTrailingStatements() {
		DumpStatement delete = DumpStatement.parse("DELETE FROM prices WHERE day = date'2016-01-03';", 1);
		assertThat(delete.kind()).isEqualTo(DumpStatement.Kind.DELETE);
		assertThat(delete.table()).isEqualTo(DumpTable.PRICES);
		assertThat(delete.columns()).containsExactly("day");
		assertThat(delete.rows()).containsExactly(List.of(LocalDate.of(2016, 1, 3)));

		DumpStatement insert = DumpStatement
			.parse("INSERT INTO prices VALUES ('CNSGH', 'GBFXT', date'2016-01-04', 100500);", 2);
		assertThat(insert.columns()).containsExactly("orig_code", "dest_code", "day", "price");
		assertThat(insert.rows()).containsExactly(List.of("CNSGH", "GBFXT", LocalDate.of(2016, 1, 4), 100500L));
	}

	@Test
	void readsColumnListsSeveralRowsQuotesAndNulls() {
		DumpStatement insert = DumpStatement.parse(
				"insert into public.regions (slug, name, parent_slug) values ('x', 'O''Brien', NULL), ('y', 'Y', 'x')",
				1);
		assertThat(insert.table()).isEqualTo(DumpTable.REGIONS);
		assertThat(insert.rows()).hasSize(2);
		assertThat(insert.rows().get(0)).isEqualTo(Arrays.asList("x", "O'Brien", null));
		DumpStatement delete = DumpStatement.parse("DELETE FROM prices WHERE orig_code = 'A' AND price = 7;", 1);
		assertThat(delete.columns()).containsExactly("orig_code", "price");
	}

	@Test
	void readsQuotedColumnNamesAsPostgresqlDoes() {
		DumpStatement insert = DumpStatement
			.parse("INSERT INTO ports (\"code\", \"name\", PARENT_SLUG) VALUES ('PC000', 'C', 'a1');", 1);
		assertThat(insert.columns()).containsExactly("code", "name", "parent_slug");
		DumpStatement delete = DumpStatement.parse("DELETE FROM prices WHERE \"day\" = date'2016-01-03';", 1);
		assertThat(delete.columns()).containsExactly("day");
		// Quoted, a name keeps its case: "Code" is not the column code.
		assertThatThrownBy(() -> DumpStatement
			.parse("INSERT INTO ports (\"Code\", name, parent_slug) VALUES ('PC000', 'C', 'a1');", 9))
			.isInstanceOf(UnreadableDump.class)
			.hasMessageStartingWith("line 9: unknown column \"Code\" of ports");
	}

	@Test
	void refusesWhatItCannotApplyExactly() {
		assertThatThrownBy(() -> DumpStatement.parse("UPDATE prices SET price = 0;", 7))
			.isInstanceOf(UnreadableDump.class)
			.hasMessageStartingWith("line 7: unsupported statement UPDATE");
		assertThatThrownBy(() -> DumpStatement.parse("DELETE FROM prices WHERE day > date'2016-01-03';", 1))
			.hasMessageContaining("expected '='");
		assertThatThrownBy(() -> DumpStatement.parse("DELETE FROM users WHERE id = 1;", 1))
			.hasMessageContaining("unsupported table users");
		assertThatThrownBy(() -> DumpStatement.parse("INSERT INTO prices VALUES ('A', 'B');", 1))
			.hasMessageContaining("2 values for 4 columns");
		assertThatThrownBy(() -> DumpStatement.parse("DELETE FROM prices WHERE nope = 1;", 1))
			.hasMessageContaining("unknown column nope");
		assertThatThrownBy(() -> DumpStatement.parse("DELETE FROM prices WHERE day = date'2016-02-30';", 1))
			.hasMessageContaining("malformed date");
		assertThatThrownBy(() -> DumpStatement.parse("DELETE FROM prices WHERE day = 'x'; DROP TABLE prices;", 1))
			.hasMessageContaining("unexpected text");
	}

	@Test
	void undoesCopyEscapes() {
		assertThat(RatesDump.unescape("\\N")).isNull();
		assertThat(RatesDump.unescape("plain")).isEqualTo("plain");
		assertThat(RatesDump.unescape("a\\tb\\\\c\\nd")).isEqualTo("a\tb\\c\nd");
	}

}
