package dev.keel.search;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.keel.platform.Sample;
import dev.keel.platform.SampleCopier;

/**
 * The search part of {@code copy-sample}: a random fraction of the items, ids kept. On a
 * PostgreSQL target each item gets its title's words and the words table is filled from
 * them, as an ingest would (the source may be H2, which keeps neither).
 */
@Component
class SearchSample implements SampleCopier {

	@Override
	public String module() {
		return "search";
	}

	@Override
	public List<String> tables() {
		return List.of("search_items");
	}

	@Override
	public void copy(Sample sample) {
		boolean words = sample.targetIsPostgres();
		int all = sample.source().sql("SELECT COUNT(*) FROM search_items").query(Integer.class).single();
		BitSet chosen = sample.choose(all);
		long copied;
		try (Sample.Rows rows = sample.into(words
				? "INSERT INTO search_items (id, title, url, item_date, folded_title, fingerprint, title_words) VALUES (?, ?, ?, ?, ?, ?, ?)"
				: "INSERT INTO search_items (id, title, url, item_date, folded_title, fingerprint) VALUES (?, ?, ?, ?, ?, ?)")) {
			int[] index = { 0 };
			sample.source()
				.sql("SELECT id, title, url, item_date, folded_title, fingerprint FROM search_items ORDER BY id")
				.query(rs -> {
					if (!chosen.get(index[0]++)) {
						return;
					}
					String folded = rs.getString(5);
					Object[] row = { rs.getLong(1), rs.getString(2), rs.getString(3),
							rs.getObject(4, LocalDateTime.class), folded, rs.getObject(6, UUID.class),
							TitleWords.of(folded) };
					rows.add(words ? row : Arrays.copyOf(row, 6));
				});
			copied = rows.written();
		}
		if (words && copied > 0) {
			sample.target().update("""
					INSERT INTO search_words (word)
					SELECT DISTINCT w.word FROM search_items i CROSS JOIN unnest(i.title_words) AS w (word)
					WHERE w.word <> ?
					ON CONFLICT DO NOTHING
					""", TitleWords.LONG);
		}
		sample.continueIds("search_items");
		sample.progress(String.format("%,d of %,d items", copied, all));
	}

}
