package dev.keel.rates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.keel.platform.SqlFile;

/**
 * Reads the daily totals behind {@code GET /rates} in two steps: first what each location
 * stands for (a recursive query over the region tree), then one aggregate over exactly
 * those ports, or, when both sides are regions, over the per-day region summary.
 */
@Repository
class AverageRates {

	private static final String EXPAND_LOCATIONS = SqlFile.read(AverageRates.class, "expand_locations.sql");

	private static final String LANE_AVERAGES = SqlFile.read(AverageRates.class, "lane_averages.sql");

	private static final String REGION_AVERAGES = SqlFile.read(AverageRates.class, "region_averages.sql");

	/**
	 * The regions and ports a location covers; {@code regionOnly} if it names no port.
	 */
	private record Coverage(boolean regionOnly, Set<String> regions, Set<String> ports) {

	}

	private final JdbcClient jdbc;

	AverageRates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<DailyAverage.Totals> totals(RateQuery query) {
		Map<String, Coverage> covered = expand(query.origin(), query.destination());
		Coverage origin = known("origin", query.origin(), covered);
		Coverage destination = known("destination", query.destination(), covered);
		if (origin.regionOnly() && destination.regionOnly()) {
			return this.jdbc.sql(REGION_AVERAGES)
				.param("origin_regions", origin.regions())
				.param("destination_regions", destination.regions())
				.param("date_from", query.range().from())
				.param("date_to", query.range().to())
				.query(AverageRates::totals)
				.list();
		}
		if (origin.ports().isEmpty() || destination.ports().isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql(LANE_AVERAGES)
			.param("origin_ports", origin.ports())
			.param("destination_ports", destination.ports())
			.param("date_from", query.range().from())
			.param("date_to", query.range().to())
			.query(AverageRates::totals)
			.list();
	}

	private Map<String, Coverage> expand(String origin, String destination) {
		Map<String, Coverage> covered = new HashMap<>();
		this.jdbc.sql(EXPAND_LOCATIONS).param("locations", List.of(origin, destination)).query(rs -> {
			Coverage coverage = covered.computeIfAbsent(rs.getString("location"),
					location -> new Coverage(true, new TreeSet<>(), new TreeSet<>()));
			boolean region = "region".equals(rs.getString("kind"));
			if (!region && coverage.regionOnly()) {
				coverage = new Coverage(false, coverage.regions(), coverage.ports());
				covered.put(rs.getString("location"), coverage);
			}
			coverage.regions().add(rs.getString("region"));
			String port = rs.getString("port");
			if (port != null) {
				coverage.ports().add(port);
			}
		});
		return covered;
	}

	private static Coverage known(String field, String location, Map<String, Coverage> covered) {
		Coverage coverage = covered.get(location);
		if (coverage == null) {
			throw new UnknownLocation(field, location, "port code or region slug");
		}
		return coverage;
	}

	private static DailyAverage.Totals totals(ResultSet rs, int row) throws SQLException {
		return new DailyAverage.Totals(rs.getObject("day", LocalDate.class), rs.getLong("price_count"),
				rs.getLong("price_sum"));
	}

}
