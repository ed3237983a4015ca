package dev.keel.rates;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.keel.platform.SqlFile;

/**
 * Reads the daily totals behind {@code GET /rates}. Region-to-region queries read the
 * per-day summary by region pair; anything with a port reads the prices themselves.
 */
@Repository
class AverageRates {

	private static final String LOCATIONS = SqlFile.read(AverageRates.class, "locations.sql");

	private static final String LANE_AVERAGES = SqlFile.read(AverageRates.class, "lane_averages.sql");

	private static final String REGION_AVERAGES = SqlFile.read(AverageRates.class, "region_averages.sql");

	private final JdbcClient jdbc;

	AverageRates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<DailyAverage.Totals> totals(RateQuery query) {
		Map<String, List<String>> kinds = this.jdbc.sql(LOCATIONS)
			.param("locations", List.of(query.origin(), query.destination()))
			.query((rs, n) -> Map.entry(rs.getString("location"), rs.getString("kind")))
			.list()
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey,
					Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
		requireKnown("origin", query.origin(), kinds);
		requireKnown("destination", query.destination(), kinds);
		boolean regionsOnly = List.of("region").equals(kinds.get(query.origin()))
				&& List.of("region").equals(kinds.get(query.destination()));
		return this.jdbc.sql(regionsOnly ? REGION_AVERAGES : LANE_AVERAGES)
			.param("origin", query.origin())
			.param("destination", query.destination())
			.param("date_from", query.range().from())
			.param("date_to", query.range().to())
			.query((rs, n) -> new DailyAverage.Totals(rs.getObject("day", java.time.LocalDate.class),
					rs.getLong("price_count"), rs.getLong("price_sum")))
			.list();
	}

	private static void requireKnown(String field, String location, Map<String, List<String>> kinds) {
		if (!kinds.containsKey(location)) {
			throw new UnknownLocation(field, location, "port code or region slug");
		}
	}

}
