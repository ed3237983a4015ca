package dev.keel.rates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;

import dev.keel.platform.Database;
import dev.keel.platform.SqlFile;
import dev.keel.platform.Writes;

/**
 * Loads a rates dump, replacing all regions, ports and prices, in one transaction:
 * loading the same dump twice leaves the same data. Regions and ports are read and
 * checked in a first pass ({@link RegionTree}: a pg_dump lists them after the prices that
 * need them), prices and statements in a second, the prices into a {@link PriceSink}.
 */
@Service
class RatesImport {

	private static final String REBUILD_REGION_SUMMARY = SqlFile.read(RatesImport.class, "rebuild_region_summary.sql");

	private static final String ORPHANED_PRICE_PORTS = """
			SELECT CASE WHEN o.code IS NULL THEN p.orig_code ELSE p.dest_code END
			FROM prices p
			LEFT JOIN ports o ON o.code = p.orig_code
			LEFT JOIN ports d ON d.code = p.dest_code
			WHERE o.code IS NULL OR d.code IS NULL
			FETCH FIRST 1 ROWS ONLY
			""";

	record Summary(long regions, long ports, long prices, int statements, Duration took) {

	}

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final Writes writes;

	private final Database database;

	private final RatesCache cache;

	private final PortsLock portsLock;

	RatesImport(DataSource dataSource, JdbcTemplate jdbc, Writes writes, Database database, RatesCache cache,
			PortsLock portsLock) {
		this.database = database;
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.writes = writes;
		this.cache = cache;
		this.portsLock = portsLock;
	}

	Summary load(Path file, Consumer<String> progress) throws IOException {
		long started = System.nanoTime();
		RegionTree tree = RegionTree.read(file);
		List<RegionTree.Region> regions = tree.regionsParentsFirst();
		List<RegionTree.Port> ports = tree.ports();
		progress.accept("Read " + regions.size() + " regions and " + ports.size() + " ports; loading prices");
		int statements = this.writes.commit(evictions -> {
			this.portsLock.replacePorts();
			clear();
			this.jdbc.batchUpdate("INSERT INTO regions (slug, name, parent_slug) VALUES (?, ?, ?)",
					regions.stream()
						.map(region -> new Object[] { region.slug(), region.name(), region.parent() })
						.toList());
			this.jdbc.batchUpdate("INSERT INTO ports (code, name, parent_slug) VALUES (?, ?, ?)",
					ports.stream().map(port -> new Object[] { port.code(), port.name(), port.region() }).toList());
			int applied = loadPricesAndStatements(file, tree.portCodes(), progress);
			this.jdbc.update(REBUILD_REGION_SUMMARY);
			this.cache.evictAll(evictions);
			return applied;
		});
		// Committed: what follows only tunes and reports, and must not make the import
		// look
		// failed.
		try {
			refreshStatistics();
		}
		catch (RuntimeException ex) {
			progress.accept("Imported, but the statistics were not refreshed (" + ex.getMessage()
					+ "); autovacuum will refresh them");
		}
		return new Summary(count("regions"), count("ports"), count("prices"), statements,
				Duration.ofNanos(System.nanoTime() - started));
	}

	private int loadPricesAndStatements(Path file, Set<String> knownPorts, Consumer<String> progress) {
		try (PriceSink sink = PriceSink.on(DataSourceUtils.getConnection(this.dataSource), this.jdbc, this.database,
				PriceSink.PRICES)) {
			PricesAndStatements second = new PricesAndStatements(sink, knownPorts);
			int[] reported = { 0 };
			RatesDump.read(file, second, (read, total) -> {
				int percent = (int) (100 * read / Math.max(total, 1));
				if (total > 8_000_000 && percent / 10 > reported[0] / 10) {
					reported[0] = percent;
					progress.accept(
							String.format("%3d%%  %,d of %,d bytes, %,d prices", percent, read, total, sink.written()));
				}
			});
			return second.statements;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The second pass: price rows into the sink, each naming ports of the dump, and the
	 * trailing statements applied in file order after the prices before them.
	 */
	private final class PricesAndStatements implements RatesDump.Visitor {

		private final PriceSink sink;

		private final Set<String> ports;

		private int statements;

		PricesAndStatements(PriceSink sink, Set<String> ports) {
			this.sink = sink;
			this.ports = new HashSet<>(ports);
		}

		@Override
		public void row(DumpTable table, @Nullable String[] values, long line) {
			if (table == DumpTable.PRICES) {
				this.sink.add(port(values[0], "orig_code", line), port(values[1], "dest_code", line),
						day(values[2], line), price(values[3], line));
			}
		}

		@Override
		public void statement(DumpStatement statement, long line) {
			this.sink.flush();
			try {
				refuseUnknownPorts(statement, line);
				apply(statement);
				refuseOrphanedPrices(statement, line);
			}
			catch (NonTransientDataAccessException ex) {
				// What the dump asks for breaks a rule; a lock or a lost connection is
				// not
				// the dump's fault, and goes up to be retried or reported as it is.
				throw new UnreadableDump(line, "the statement fails: " + ex.getMostSpecificCause().getMessage());
			}
			// The database refused a port without a code above.
			int code = statement.columns().indexOf("code");
			if (statement.kind() == DumpStatement.Kind.INSERT && statement.table() == DumpTable.PORTS && code >= 0) {
				statement.rows().forEach(row -> this.ports.add(String.valueOf(row.get(code))));
			}
			this.statements++;
		}

		// prices has no foreign keys on PostgreSQL (PortsLock): the import keeps every
		// price's ports in ports itself, as the keys would.
		private void refuseUnknownPorts(DumpStatement statement, long line) {
			if (statement.kind() != DumpStatement.Kind.INSERT || statement.table() != DumpTable.PRICES) {
				return;
			}
			for (String column : List.of("orig_code", "dest_code")) {
				int index = statement.columns().indexOf(column);
				for (List<@Nullable Object> row : statement.rows()) {
					Object code = (index >= 0) ? row.get(index) : null;
					if (code != null && !this.ports.contains(code.toString())) {
						throw new UnreadableDump(line,
								"the statement fails: " + column + " '" + code + "' is not a port of this dump");
					}
				}
			}
		}

		private void refuseOrphanedPrices(DumpStatement statement, long line) {
			if (statement.kind() != DumpStatement.Kind.DELETE || statement.table() != DumpTable.PORTS) {
				return;
			}
			List<String> orphaned = RatesImport.this.jdbc.queryForList(ORPHANED_PRICE_PORTS, String.class);
			if (!orphaned.isEmpty()) {
				throw new UnreadableDump(line, "the statement fails: prices still name the port " + orphaned.get(0));
			}
		}

		private String port(@Nullable String code, String column, long line) {
			String value = RatesDump.required(code, column, line);
			if (!this.ports.contains(value)) {
				throw new UnreadableDump(line, column + " '" + code + "' is not a port of this dump");
			}
			return value;
		}

	}

	private void apply(DumpStatement statement) {
		String table = statement.table().sqlName();
		String columns = String.join(", ", statement.columns());
		switch (statement.kind()) {
			case DELETE -> this.jdbc.update(
					"DELETE FROM " + table + " WHERE "
							+ statement.columns().stream().map(c -> c + " = ?").collect(Collectors.joining(" AND ")),
					statement.rows().get(0).toArray());
			case INSERT -> this.jdbc.batchUpdate(
					"INSERT INTO " + table + " (" + columns + ") VALUES ("
							+ statement.columns().stream().map(c -> "?").collect(Collectors.joining(", ")) + ")",
					statement.rows().stream().map(List::toArray).toList());
		}
	}

	// DELETE, not TRUNCATE: TRUNCATE would lock readers out for the whole import, while
	// DELETE lets them see the old data until the commit. VACUUM afterwards reclaims it.
	private void clear() {
		for (String table : List.of("region_daily_prices", "prices", "ports", "regions")) {
			this.jdbc.update("DELETE FROM " + table);
		}
	}

	// Fresh planner statistics right away: the aggregate queries' plans depend on them,
	// and autovacuum might take minutes to notice a bulk load. On PostgreSQL VACUUM also
	// sets the visibility map, without which index-only scans still read the table.
	private void refreshStatistics() {
		String analyze = this.database.isPostgres() ? "VACUUM (ANALYZE) " : "ANALYZE TABLE ";
		for (String table : List.of("regions", "ports", "prices", "region_daily_prices")) {
			this.jdbc.execute(analyze + table);
		}
	}

	private long count(String table) {
		Long rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
		return (rows != null) ? rows : 0;
	}

	private static LocalDate day(@Nullable String text, long line) {
		try {
			return LocalDate.parse(RatesDump.required(text, "day", line));
		}
		catch (DateTimeParseException ex) {
			throw new UnreadableDump(line, "day '" + text + "' is not a date");
		}
	}

	private static int price(@Nullable String text, long line) {
		try {
			int price = Integer.parseInt(RatesDump.required(text, "price", line));
			if (price >= 0) {
				return price;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new UnreadableDump(line, "price '" + text + "' is not a whole number of 0 or more");
	}

}
