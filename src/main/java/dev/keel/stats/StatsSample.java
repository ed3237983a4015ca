package dev.keel.stats;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.keel.platform.Sample;
import dev.keel.platform.SampleCopier;

/**
 * The stats part of {@code copy-sample}: the top {@value #TOP} of the ranking, read from
 * wherever this deployment keeps its counts (Redis or the database), written into the
 * target's database, which is where the embedded default reads them. The target's totals
 * are those of the copied paths. A copy served with the production profile counts in
 * Redis, under its own deployment, and so starts from zero.
 */
@Component
class StatsSample implements SampleCopier {

	static final int TOP = 1000;

	private final RequestCounter counter;

	StatsSample(RequestCounter counter) {
		this.counter = counter;
	}

	@Override
	public String module() {
		return "stats";
	}

	@Override
	public List<String> tables() {
		return List.of("stats_counts");
	}

	@Override
	public void copy(Sample sample) {
		StatsPage top = this.counter.page(TOP, 0);
		long requests = 0;
		try (Sample.Rows rows = sample.into("INSERT INTO stats_counts (url, requests) VALUES (?, ?)")) {
			for (StatsPage.UrlCount count : top.items()) {
				rows.add(count.url(), count.count());
				requests += count.count();
			}
		}
		sample.target()
			.update("UPDATE stats_totals SET total_requests = ?, distinct_urls = ? WHERE id = 1", requests,
					top.items().size());
		sample.progress(String.format("the top %,d of %,d paths, %,d of %,d requests", top.items().size(),
				top.distinctUrls(), requests, top.totalRequests()));
	}

}
