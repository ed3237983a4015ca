package dev.keel.rates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;

import dev.keel.platform.SqlFile;
import dev.keel.platform.Writes;

/**
 * Loads a rates dump, replacing all regions, ports and prices, in one transaction:
 * loading the same dump twice leaves the same data. Regions and ports are read in a first
 * pass (a pg_dump lists them after the prices that need them), prices and statements in a
 * second; PostgreSQL receives the prices through COPY, other databases in batches.
 */
@Service
class RatesImport {

	private static final String REBUILD_REGION_SUMMARY = SqlFile.read(RatesImport.class, "rebuild_region_summary.sql");

	private static final int BATCH = 10_000;

	record Summary(long regions, long ports, long prices, int statements, Duration took) {

	}

	private record Place(String name, @Nullable String parent) {

	}

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final Writes writes;

	private final RatesCache cache;

	RatesImport(DataSource dataSource, JdbcTemplate jdbc, Writes writes, RatesCache cache) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.writes = writes;
		this.cache = cache;
	}

	Summary load(Path file, Consumer<String> progress) throws IOException {
		long started = System.nanoTime();
		Map<String, Place> regions = new LinkedHashMap<>();
		Map<String, Place> ports = new LinkedHashMap<>();
		RatesDump.read(file, new RatesDump.Visitor() {
			@Override
			public void row(DumpTable table, @Nullable String[] values, long line) {
				switch (table) {
					case REGIONS -> put(regions, required(values[0], "slug", line), values, line);
					case PORTS -> {
						String code = required(values[0], "code", line);
						if (code.length() > 5) {
							throw new UnreadableDump(line, "port code '" + code + "' is longer than 5 characters");
						}
						required(values[2], "parent_slug", line);
						put(ports, code, values, line);
					}
					case PRICES -> {
					}
				}
			}

			@Override
			public void statement(DumpStatement statement, long line) {
			}
		}, (read, total) -> {
		});
		List<String> regionOrder = parentsFirst(regions);
		ports.forEach((code, port) -> {
			if (!regions.containsKey(port.parent())) {
				throw new UnreadableDump("port " + code + " belongs to unknown region " + port.parent());
			}
		});
		progress.accept("Read " + regions.size() + " regions and " + ports.size() + " ports; loading prices");
		int statements = this.writes.commit(evictions -> {
			clear();
			this.jdbc.batchUpdate("INSERT INTO regions (slug, name, parent_slug) VALUES (?, ?, ?)",
					regionOrder.stream()
						.map(slug -> new Object[] { slug, regions.get(slug).name(), regions.get(slug).parent() })
						.toList());
			this.jdbc.batchUpdate("INSERT INTO ports (code, name, parent_slug) VALUES (?, ?, ?)",
					ports.entrySet()
						.stream()
						.map(port -> new Object[] { port.getKey(), port.getValue().name(), port.getValue().parent() })
						.toList());
			int applied = loadPricesAndStatements(file, ports.keySet(), progress);
			this.jdbc.update(REBUILD_REGION_SUMMARY);
			this.cache.evictAll(evictions);
			return applied;
		});
		refreshStatistics();
		return new Summary(count("regions"), count("ports"), count("prices"), statements,
				Duration.ofNanos(System.nanoTime() - started));
	}

	private int loadPricesAndStatements(Path file, Set<String> knownPorts, Consumer<String> progress) {
		Set<String> ports = new HashSet<>(knownPorts);
		int[] statements = { 0 };
		try (PriceSink sink = sinkFor(DataSourceUtils.getConnection(this.dataSource))) {
			int[] reported = { 0 };
			RatesDump.read(file, new RatesDump.Visitor() {
				@Override
				public void row(DumpTable table, @Nullable String[] values, long line) {
					if (table == DumpTable.PRICES) {
						sink.add(port(values[0], "orig_code", ports, line), port(values[1], "dest_code", ports, line),
								day(values[2], line), price(values[3], line));
					}
				}

				@Override
				public void statement(DumpStatement statement, long line) {
					sink.flush();
					try {
						apply(statement);
					}
					catch (DataAccessException ex) {
						throw new UnreadableDump(line,
								"the statement fails: " + ex.getMostSpecificCause().getMessage());
					}
					if (statement.kind() == DumpStatement.Kind.INSERT && statement.table() == DumpTable.PORTS) {
						int code = statement.columns().indexOf("code");
						statement.rows().forEach(row -> ports.add(String.valueOf(row.get(code))));
					}
					statements[0]++;
				}
			}, (read, total) -> {
				int percent = (int) (100 * read / Math.max(total, 1));
				if (total > 8_000_000 && percent / 10 > reported[0] / 10) {
					reported[0] = percent;
					progress.accept(
							String.format("%3d%%  %,d of %,d bytes, %,d prices", percent, read, total, sink.written()));
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return statements[0];
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
		String analyze = isPostgres() ? "VACUUM (ANALYZE) " : "ANALYZE TABLE ";
		for (String table : List.of("regions", "ports", "prices", "region_daily_prices")) {
			this.jdbc.execute(analyze + table);
		}
	}

	private long count(String table) {
		Long rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
		return (rows != null) ? rows : 0;
	}

	private boolean isPostgres() {
		return Boolean.TRUE
			.equals(this.jdbc.execute((Connection connection) -> connection.isWrapperFor(PGConnection.class)));
	}

	private PriceSink sinkFor(Connection connection) {
		try {
			if (connection.isWrapperFor(PGConnection.class)) {
				return new CopySink(connection.unwrap(PGConnection.class));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return new BatchSink(this.jdbc);
	}

	private static void put(Map<String, Place> places, String key, @Nullable String[] values, long line) {
		if (places.put(key, new Place(required(values[1], "name", line), values[2])) != null) {
			throw new UnreadableDump(line, "'" + key + "' appears twice");
		}
	}

	/** Region slugs ordered so that every parent comes before its children. */
	private static List<String> parentsFirst(Map<String, Place> regions) {
		List<String> order = new ArrayList<>(regions.size());
		Map<String, Integer> state = new HashMap<>();
		for (String slug : regions.keySet()) {
			List<String> path = new ArrayList<>();
			String at = slug;
			while (at != null && !state.containsKey(at)) {
				Place region = regions.get(at);
				if (region == null) {
					throw new UnreadableDump("region " + path.get(path.size() - 1) + " has unknown parent " + at);
				}
				if (path.contains(at)) {
					throw new UnreadableDump("regions form a cycle: " + path);
				}
				path.add(at);
				at = region.parent();
			}
			for (int i = path.size() - 1; i >= 0; i--) {
				state.put(path.get(i), 1);
				order.add(path.get(i));
			}
		}
		return order;
	}

	private static String required(@Nullable String value, String column, long line) {
		if (value == null || value.isEmpty()) {
			throw new UnreadableDump(line, column + " must not be empty");
		}
		return value;
	}

	private static String port(@Nullable String code, String column, Set<String> ports, long line) {
		if (!ports.contains(required(code, column, line))) {
			throw new UnreadableDump(line, column + " '" + code + "' is not a port of this dump");
		}
		return code;
	}

	private static LocalDate day(@Nullable String text, long line) {
		try {
			return LocalDate.parse(required(text, "day", line));
		}
		catch (DateTimeParseException ex) {
			throw new UnreadableDump(line, "day '" + text + "' is not a date");
		}
	}

	private static int price(@Nullable String text, long line) {
		try {
			int price = Integer.parseInt(required(text, "price", line));
			if (price >= 0) {
				return price;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new UnreadableDump(line, "price '" + text + "' is not a whole number of 0 or more");
	}

	/** Where price rows go: COPY on PostgreSQL, JDBC batches elsewhere. */
	private interface PriceSink extends AutoCloseable {

		void add(String origin, String destination, LocalDate day, int price);

		/** Sends what is buffered, so that a statement can run after it. */
		void flush();

		long written();

		@Override
		default void close() {
			flush();
		}

	}

	private static final class BatchSink implements PriceSink {

		private final JdbcTemplate jdbc;

		private final List<Object[]> rows = new ArrayList<>(BATCH);

		private long written;

		BatchSink(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Override
		public void add(String origin, String destination, LocalDate day, int price) {
			this.rows.add(new Object[] { origin, destination, day, price });
			if (this.rows.size() == BATCH) {
				flush();
			}
		}

		@Override
		public void flush() {
			if (!this.rows.isEmpty()) {
				this.jdbc.batchUpdate("INSERT INTO prices (orig_code, dest_code, day, price) VALUES (?, ?, ?, ?)",
						this.rows);
				this.written += this.rows.size();
				this.rows.clear();
			}
		}

		@Override
		public long written() {
			return this.written;
		}

	}

	private static final class CopySink implements PriceSink {

		private final PGConnection connection;

		private final StringBuilder buffer = new StringBuilder(1 << 17);

		private @Nullable CopyIn copy;

		private long written;

		CopySink(PGConnection connection) {
			this.connection = connection;
		}

		@Override
		public void add(String origin, String destination, LocalDate day, int price) {
			this.buffer.append(escape(origin))
				.append('\t')
				.append(escape(destination))
				.append('\t')
				.append(day)
				.append('\t')
				.append(price)
				.append('\n');
			this.written++;
			if (this.buffer.length() >= 1 << 16) {
				send();
			}
		}

		private void send() {
			try {
				if (this.copy == null) {
					this.copy = this.connection.getCopyAPI()
						.copyIn("COPY prices (orig_code, dest_code, day, price) FROM STDIN");
				}
				byte[] bytes = this.buffer.toString().getBytes(StandardCharsets.UTF_8);
				this.copy.writeToCopy(bytes, 0, bytes.length);
				this.buffer.setLength(0);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("COPY into prices failed: " + ex.getMessage(), ex);
			}
		}

		@Override
		public void flush() {
			if (!this.buffer.isEmpty()) {
				send();
			}
			if (this.copy != null) {
				try {
					this.copy.endCopy();
				}
				catch (SQLException ex) {
					throw new IllegalStateException("COPY into prices failed: " + ex.getMessage(), ex);
				}
				this.copy = null;
			}
		}

		@Override
		public long written() {
			return this.written;
		}

		private static String escape(String value) {
			return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
		}

	}

}
