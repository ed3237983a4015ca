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

	int column(String name, long line) {
		int index = this.columns.indexOf(name.replace("\"", "").toLowerCase(Locale.ROOT));
		if (index < 0) {
			throw new UnreadableDump(line,
					"unknown column " + name + " of " + sqlName() + "; expected " + this.columns);
		}
		return index;
	}

}
