package dev.keel.rates;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.postgresql.PGConnection;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import dev.keel.platform.Sample;
import dev.keel.platform.SampleCopier;
import dev.keel.platform.SqlFile;

/**
 * The rates part of {@code copy-sample}: every region and port, and every price of a
 * random fraction of the lanes (origin and destination port pairs that have prices), so a
 * copied lane answers as it does here; the region summary is rebuilt from the copied
 * prices. Price batches stay behind: they are this deployment's history.
 */
@Component
class RatesSample implements SampleCopier {

	private static final String REBUILD_REGION_SUMMARY = SqlFile.read(RatesSample.class, "rebuild_region_summary.sql");

	@Override
	public String module() {
		return "rates";
	}

	@Override
	public List<String> tables() {
		return List.of("regions", "ports", "prices", "region_daily_prices", "rate_batches", "rate_batch_prices");
	}

	@Override
	public void copy(Sample sample) {
		long regions = copyRegions(sample);
		long ports;
		try (Sample.Rows rows = sample.into("INSERT INTO ports (code, name, parent_slug) VALUES (?, ?, ?)")) {
			sample.source()
				.sql("SELECT code, name, parent_slug FROM ports ORDER BY code")
				.query((RowCallbackHandler) rs -> rows.add(rs.getString(1), rs.getString(2), rs.getString(3)));
			ports = rows.written();
		}
		sample.progress(String.format("%,d regions, %,d ports", regions, ports));

		List<Lane> lanes = chooseLanes(sample);
		long prices = copyPrices(sample, lanes);
		int summary = sample.target().update(REBUILD_REGION_SUMMARY);
		sample.progress(String.format("%,d prices of %,d lanes; region summary rebuilt, %,d rows", prices, lanes.size(),
				summary));
	}

	// Each region's parent may come after it in any order the source gives: the regions
	// go in without parents, then the parents are set.
	private static long copyRegions(Sample sample) {
		long regions;
		try (Sample.Rows rows = sample.into("INSERT INTO regions (slug, name, parent_slug) VALUES (?, ?, NULL)")) {
			sample.source()
				.sql("SELECT slug, name FROM regions ORDER BY slug")
				.query((RowCallbackHandler) rs -> rows.add(rs.getString(1), rs.getString(2)));
			regions = rows.written();
		}
		try (Sample.Rows rows = sample.into("UPDATE regions SET parent_slug = ? WHERE slug = ?")) {
			sample.source()
				.sql("SELECT parent_slug, slug FROM regions WHERE parent_slug IS NOT NULL ORDER BY slug")
				.query((RowCallbackHandler) rs -> rows.add(rs.getString(1), rs.getString(2)));
		}
		return regions;
	}

	private static List<Lane> chooseLanes(Sample sample) {
		String distinct = "SELECT DISTINCT orig_code, dest_code FROM prices";
		int all = sample.source().sql("SELECT COUNT(*) FROM (" + distinct + ") lanes").query(Integer.class).single();
		BitSet chosen = sample.choose(all);
		List<Lane> lanes = new ArrayList<>(chosen.cardinality());
		int[] index = { 0 };
		sample.source().sql(distinct + " ORDER BY orig_code, dest_code").query(rs -> {
			if (chosen.get(index[0]++)) {
				lanes.add(new Lane(rs.getString(1), rs.getString(2)));
			}
		});
		sample.progress(String.format("%,d of %,d lanes chosen", lanes.size(), all));
		return lanes;
	}

	// Lane by lane, each read whole from the index that covers it; into the target by
	// COPY on PostgreSQL, as the import does.
	private static long copyPrices(Sample sample, List<Lane> lanes) {
		try (PriceSink sink = sink(sample)) {
			int reported = 0;
			for (int i = 0; i < lanes.size(); i++) {
				Lane lane = lanes.get(i);
				sample.source()
					.sql("SELECT day, price FROM prices WHERE orig_code = :orig AND dest_code = :dest")
					.param("orig", lane.orig())
					.param("dest", lane.dest())
					.query((RowCallbackHandler) rs -> sink.add(lane.orig(), lane.dest(),
							rs.getObject(1, LocalDate.class), rs.getInt(2)));
				int percent = (int) (100L * (i + 1) / lanes.size());
				if (lanes.size() >= 1000 && percent / 25 > reported / 25 && percent < 100) {
					reported = percent;
					sample.progress(String.format("%3d%% of the lanes, %,d prices", percent, sink.written()));
				}
			}
			sink.flush();
			return sink.written();
		}
	}

	private static PriceSink sink(Sample sample) {
		if (!sample.targetIsPostgres()) {
			return new PriceSink.Batches(sample.target(), PriceSink.PRICES);
		}
		// The connection of the copy's transaction, which stays open until it ends.
		PGConnection connection = sample.target()
			.execute((ConnectionCallback<PGConnection>) c -> c.unwrap(PGConnection.class));
		return new PriceSink.Copy(connection, sample.target().getExceptionTranslator(), PriceSink.PRICES);
	}

	private record Lane(String orig, String dest) {

	}

}
