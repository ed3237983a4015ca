package dev.keel.stats;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /stats/series}: the requests to one path in every bucket of a
 * window, zero where none came.
 *
 * @param url the path
 * @param step the width of each bucket: {@code hour} or {@code day}
 * @param from the start of the first bucket
 * @param to the end of the last bucket (exclusive); a {@code to} asked beyond the bucket
 * now in progress is cut to its end
 * @param total the sum of the counts
 * @param buckets every bucket, in order
 */
record Series(String url, String step, Instant from, Instant to, long total, List<Count> buckets) {

	/** The requests of one bucket. */
	record Count(Instant start, long count) {

	}

}
