package dev.keel.rates;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.keel.platform.SqlFile;

/** Writes uploaded prices together with their share of the region summary. */
@Repository
class Prices {

	private static final String ADD_TO_REGION_SUMMARY = SqlFile.read(Prices.class, "add_to_region_summary.sql");

	private static final String ENCLOSING_REGIONS = SqlFile.read(Prices.class, "enclosing_regions.sql");

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate batches;

	Prices(JdbcClient jdbc, NamedParameterJdbcTemplate batches) {
		this.jdbc = jdbc;
		this.batches = batches;
	}

	/** The region a port belongs to. */
	String regionOf(String field, String port) {
		return this.jdbc.sql("SELECT parent_slug FROM ports WHERE code = :code")
			.param("code", port)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new UnknownLocation(field, port, "port code"));
	}

	/** The port followed by every region that encloses it, up to the root. */
	List<String> portAndEnclosingRegions(String port) {
		List<String> names = new ArrayList<>();
		names.add(port);
		names.addAll(this.jdbc.sql(ENCLOSING_REGIONS).param("port", port).query(String.class).list());
		return names;
	}

	/**
	 * For many ports at once: each port followed by every region that encloses it, read
	 * from the region tree loaded once.
	 */
	Function<String, List<String>> enclosingRegions() {
		Map<String, String> ports = parents("SELECT code, parent_slug FROM ports");
		Map<String, String> regions = parents("SELECT slug, parent_slug FROM regions WHERE parent_slug IS NOT NULL");
		return port -> {
			List<String> names = new ArrayList<>();
			names.add(port);
			// The tree has no cycles (RegionTree), but a bound costs nothing.
			for (String at = ports.get(port); at != null && names.size() <= regions.size() + 1; at = regions.get(at)) {
				names.add(at);
			}
			return names;
		};
	}

	private Map<String, String> parents(String sql) {
		Map<String, String> parents = new HashMap<>();
		this.jdbc.sql(sql).query(rs -> {
			parents.put(rs.getString(1), rs.getString(2));
		});
		return parents;
	}

	/** Stores one price per day; call inside a transaction. */
	void store(PriceUpload upload, long priceUsd) {
		String originRegion = regionOf("origin_code", upload.originCode());
		String destinationRegion = regionOf("destination_code", upload.destinationCode());
		List<LocalDate> days = upload.range().dates();
		SqlParameterSource[] rows = days.stream()
			.map(day -> new MapSqlParameterSource().addValue("orig_code", upload.originCode())
				.addValue("dest_code", upload.destinationCode())
				.addValue("orig_region", originRegion)
				.addValue("dest_region", destinationRegion)
				.addValue("day", day)
				.addValue("price", priceUsd))
			.toArray(SqlParameterSource[]::new);
		this.batches.batchUpdate("""
				INSERT INTO prices (orig_code, dest_code, day, price)
				VALUES (:orig_code, :dest_code, :day, :price)
				""", rows);
		this.batches.batchUpdate(ADD_TO_REGION_SUMMARY, rows);
	}

}
