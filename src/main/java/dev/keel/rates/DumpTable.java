package dev.keel.rates;

import java.util.List;
import java.util.Locale;

/**
 * The tables a rates dump may fill, with their columns in the order the importer uses.
 */
enum DumpTable {

	REGIONS("slug", "name", "parent_slug"), PORTS("code", "name", "parent_slug"),
	PRICES("orig_code", "dest_code", "day", "price");

	final List<String> columns;

	DumpTable(String... columns) {
		this.columns = List.of(columns);
	}

	String sqlName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The table a dump names, with or without a schema ({@code tasks.prices}). */
	static DumpTable named(String name, long line) {
		String bare = name.substring(name.lastIndexOf('.') + 1).replace("\"", "").toUpperCase(Locale.ROOT);
		for (DumpTable table : values()) {
			if (table.name().equals(bare)) {
				return table;
			}
		}
		throw new UnreadableDump(line, "unsupported table " + name + "; expected regions, ports or prices");
	}

	/**
	 * The index of a column named as SQL names it: folded to lower case, unless quoted
	 * ({@code "code"}), which keeps it exactly as written, as PostgreSQL does.
	 */
	int column(String name, long line) {
		boolean quoted = name.length() > 1 && name.startsWith("\"") && name.endsWith("\"");
		String column = quoted ? name.substring(1, name.length() - 1).replace("\"\"", "\"")
				: name.toLowerCase(Locale.ROOT);
		int index = this.columns.indexOf(column);
		if (index < 0) {
			throw new UnreadableDump(line,
					"unknown column " + name + " of " + sqlName() + "; expected " + this.columns);
		}
		return index;
	}

}
