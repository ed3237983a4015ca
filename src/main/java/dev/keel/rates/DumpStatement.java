package dev.keel.rates;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One of the simple statements a rates dump may carry after its data:
 * {@code DELETE FROM t WHERE c = v [AND ...]} or
 * {@code INSERT INTO t [(c, ...)] VALUES (v, ...)[, (...)]}, with string, number, NULL
 * and {@code date'YYYY-MM-DD'} values. Anything else is refused rather than guessed at.
 */
record DumpStatement(Kind kind, DumpTable table, List<String> columns, List<List<@Nullable Object>> rows) {

	enum Kind {

		DELETE, INSERT

	}

	static DumpStatement parse(String sql, long line) {
		return new Parser(sql, line).statement();
	}

	private static final class Parser {

		private final String sql;

		private final long line;

		private int at;

		Parser(String sql, long line) {
			this.sql = sql.strip();
			this.line = line;
		}

		DumpStatement statement() {
			String verb = word();
			DumpStatement statement = switch (verb) {
				case "DELETE" -> delete();
				case "INSERT" -> insert();
				default -> throw fail("unsupported statement " + verb + "; only DELETE and INSERT are applied");
			};
			skipSpace();
			if (peek() == ';') {
				this.at++;
			}
			skipSpace();
			if (this.at < this.sql.length()) {
				throw fail("unexpected text after the statement: " + this.sql.substring(this.at));
			}
			return statement;
		}

		private DumpStatement delete() {
			expectWord("FROM");
			DumpTable table = DumpTable.named(identifier(), this.line);
			expectWord("WHERE");
			List<String> columns = new ArrayList<>();
			List<@Nullable Object> values = new ArrayList<>();
			do {
				columns.add(column(table));
				expect('=');
				values.add(value());
			}
			while (nextWordIs("AND"));
			return new DumpStatement(Kind.DELETE, table, columns, List.of(values));
		}

		private DumpStatement insert() {
			expectWord("INTO");
			DumpTable table = DumpTable.named(identifier(), this.line);
			List<String> columns = new ArrayList<>();
			skipSpace();
			if (peek() == '(') {
				this.at++;
				do {
					columns.add(column(table));
				}
				while (accept(','));
				expect(')');
			}
			else {
				columns.addAll(table.columns);
			}
			expectWord("VALUES");
			List<List<@Nullable Object>> rows = new ArrayList<>();
			do {
				expect('(');
				List<@Nullable Object> row = new ArrayList<>();
				do {
					row.add(value());
				}
				while (accept(','));
				expect(')');
				if (row.size() != columns.size()) {
					throw fail(row.size() + " values for " + columns.size() + " columns");
				}
				rows.add(row);
			}
			while (accept(','));
			return new DumpStatement(Kind.INSERT, table, columns, rows);
		}

		private @Nullable Object value() {
			skipSpace();
			char c = peek();
			if (c == '\'') {
				return quoted();
			}
			if (c == '-' || Character.isDigit(c)) {
				int start = this.at++;
				while (this.at < this.sql.length() && Character.isDigit(this.sql.charAt(this.at))) {
					this.at++;
				}
				try {
					return Long.parseLong(this.sql.substring(start, this.at));
				}
				catch (NumberFormatException ex) {
					throw fail("malformed number " + this.sql.substring(start, this.at));
				}
			}
			String word = word();
			if (word.equals("NULL")) {
				return null;
			}
			if (word.equals("DATE")) {
				skipSpace();
				String text = quoted();
				try {
					return LocalDate.parse(text);
				}
				catch (DateTimeParseException ex) {
					throw fail("malformed date '" + text + "'");
				}
			}
			throw fail("unsupported value " + word);
		}

		private String quoted() {
			expect('\'');
			StringBuilder text = new StringBuilder();
			while (true) {
				if (this.at >= this.sql.length()) {
					throw fail("unterminated string");
				}
				char c = this.sql.charAt(this.at++);
				if (c == '\'') {
					if (peek() != '\'') {
						return text.toString();
					}
					this.at++;
				}
				text.append(c);
			}
		}

		// Stored as the table spells it, quoted or not, so that the importer finds it by
		// name and writes the SQL it applies with names both databases read alike.
		private String column(DumpTable table) {
			return table.columns.get(table.column(identifier(), this.line));
		}

		private String identifier() {
			skipSpace();
			int start = this.at;
			while (this.at < this.sql.length() && (Character.isLetterOrDigit(peek()) || "_.\"".indexOf(peek()) >= 0)) {
				this.at++;
			}
			if (start == this.at) {
				throw fail("expected a name");
			}
			return this.sql.substring(start, this.at);
		}

		private String word() {
			skipSpace();
			int start = this.at;
			while (this.at < this.sql.length() && Character.isLetter(peek())) {
				this.at++;
			}
			return this.sql.substring(start, this.at).toUpperCase(Locale.ROOT);
		}

		private boolean nextWordIs(String expected) {
			int mark = this.at;
			if (word().equals(expected)) {
				return true;
			}
			this.at = mark;
			return false;
		}

		private void expectWord(String expected) {
			if (!word().equals(expected)) {
				throw fail("expected " + expected);
			}
		}

		private boolean accept(char c) {
			skipSpace();
			if (peek() == c) {
				this.at++;
				return true;
			}
			return false;
		}

		private void expect(char c) {
			if (!accept(c)) {
				throw fail("expected '" + c + "'");
			}
		}

		private void skipSpace() {
			while (this.at < this.sql.length() && Character.isWhitespace(this.sql.charAt(this.at))) {
				this.at++;
			}
		}

		private char peek() {
			return (this.at < this.sql.length()) ? this.sql.charAt(this.at) : '\0';
		}

		private UnreadableDump fail(String reason) {
			return new UnreadableDump(this.line, reason + " in: " + this.sql);
		}

	}

}
