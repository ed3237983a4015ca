package dev.keel.rates;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads a plain-format PostgreSQL dump of the rates tables, as {@code pg_dump} writes it:
 * COPY blocks in text format, and simple DELETE and INSERT statements. Schema statements
 * (SET, CREATE, ALTER, ...) are skipped: Flyway owns the schema.
 */
final class RatesDump {

	private static final Pattern COPY = Pattern
		.compile("(?i)^COPY\\s+([\\w.\"]+)\\s*\\(([^)]*)\\)\\s+FROM\\s+stdin;\\s*$");

	private static final Pattern SKIPPED = Pattern
		.compile("(?is)^(SET|SELECT\\s+pg_catalog\\.|CREATE|ALTER|COMMENT|GRANT|REVOKE|DROP|BEGIN|COMMIT)\\b.*");

	/** What the reader finds, in file order. */
	interface Visitor {

		/** A data row, its values in the order of {@link DumpTable#columns}. */
		void row(DumpTable table, @Nullable String[] values, long line);

		void statement(DumpStatement statement, long line);

	}

	/** Bytes read so far out of the file's size, for progress lines. */
	interface Progress {

		void read(long bytes, long total);

	}

	private RatesDump() {
	}

	static void read(Path file, Visitor visitor, Progress progress) throws IOException {
		long total = Files.size(file);
		try (var counting = new CountingStream(Files.newInputStream(file), total, progress);
				var lines = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8), 1 << 16)) {
			new Reading(lines, visitor).run();
		}
	}

	private static final class Reading {

		private final BufferedReader lines;

		private final Visitor visitor;

		private long line;

		Reading(BufferedReader lines, Visitor visitor) {
			this.lines = lines;
			this.visitor = visitor;
		}

		void run() throws IOException {
			StringBuilder statement = new StringBuilder();
			long statementLine = 0;
			String text;
			while ((text = next()) != null) {
				String stripped = text.strip();
				if (statement.isEmpty()) {
					if (stripped.isEmpty() || stripped.startsWith("--")) {
						continue;
					}
					Matcher copy = COPY.matcher(stripped);
					if (copy.matches()) {
						copyBlock(DumpTable.named(copy.group(1), this.line), copy.group(2));
						continue;
					}
					statementLine = this.line;
				}
				statement.append(withoutComment(text)).append('\n');
				if (stripped.endsWith(";")) {
					String sql = statement.toString().strip();
					statement.setLength(0);
					if (!SKIPPED.matcher(sql).matches()) {
						this.visitor.statement(DumpStatement.parse(sql, statementLine), statementLine);
					}
				}
			}
			if (!statement.isEmpty()) {
				throw new UnreadableDump(statementLine, "statement without a closing ';'");
			}
		}

		private void copyBlock(DumpTable table, String columnList) throws IOException {
			String[] names = columnList.split(",");
			int[] target = new int[names.length];
			boolean[] seen = new boolean[table.columns.size()];
			for (int i = 0; i < names.length; i++) {
				target[i] = table.column(names[i].strip(), this.line);
				seen[target[i]] = true;
			}
			for (int i = 0; i < seen.length; i++) {
				if (!seen[i] && !table.columns.get(i).equals("parent_slug")) {
					throw new UnreadableDump(this.line,
							"COPY " + table.sqlName() + " lacks column " + table.columns.get(i));
				}
			}
			String text;
			while ((text = next()) != null) {
				if (text.equals("\\.")) {
					return;
				}
				String[] fields = text.split("\t", -1);
				if (fields.length != names.length) {
					throw new UnreadableDump(this.line,
							"expected " + names.length + " tab-separated values, found " + fields.length);
				}
				@Nullable String[] values = new String[table.columns.size()];
				for (int i = 0; i < fields.length; i++) {
					values[target[i]] = unescape(fields[i]);
				}
				this.visitor.row(table, values, this.line);
			}
			throw new UnreadableDump(this.line, "COPY " + table.sqlName() + " block without its closing \\.");
		}

		private @Nullable String next() throws IOException {
			String text = this.lines.readLine();
			if (text != null) {
				this.line++;
			}
			return text;
		}

		private static String withoutComment(String text) {
			return text.strip().startsWith("--") ? "" : text;
		}

	}

	/** A value its column must have: neither null nor empty. */
	static String required(@Nullable String value, String column, long line) {
		if (value == null || value.isEmpty()) {
			throw new UnreadableDump(line, column + " must not be empty");
		}
		return value;
	}

	/** A COPY text-format field: {@code \N} is null, backslash escapes are undone. */
	static @Nullable String unescape(String field) {
		if (field.equals("\\N")) {
			return null;
		}
		if (field.indexOf('\\') < 0) {
			return field;
		}
		StringBuilder out = new StringBuilder(field.length());
		for (int i = 0; i < field.length(); i++) {
			char c = field.charAt(i);
			if (c != '\\' || i + 1 == field.length()) {
				out.append(c);
				continue;
			}
			char e = field.charAt(++i);
			switch (e) {
				case 't' -> out.append('\t');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'v' -> out.append('\u000B');
				default -> out.append(e);
			}
		}
		return out.toString();
	}

	private static final class CountingStream extends FilterInputStream {

		private final long total;

		private final Progress progress;

		private long read;

		CountingStream(InputStream in, long total, Progress progress) {
			super(in);
			this.total = total;
			this.progress = progress;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				this.read += n;
				this.progress.read(this.read, this.total);
			}
			return n;
		}

	}

}
