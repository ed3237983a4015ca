package dev.keel.rates;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * The batches by state ({@code keel.rates.batches{state}}) and the queue's depth
 * ({@code keel.rates.batches.waiting}: queued and applying), counted in the batch table,
 * which every instance shares, at most once a second however often they are scraped. The
 * apply time and the rows applied are {@link BatchApplier}'s.
 */
@Component
class BatchMetrics implements MeterBinder {

	private static final Duration FRESH = Duration.ofSeconds(1);

	private final PriceBatches batches;

	private Map<BatchState, Long> counts = new EnumMap<>(BatchState.class);

	private long countedAt;

	BatchMetrics(PriceBatches batches) {
		this.batches = batches;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (BatchState state : BatchState.values()) {
			if (state != BatchState.RECEIVING) {
				Gauge.builder("keel.rates.batches", () -> count(state))
					.description("Price batches in each state")
					.tag("state", state.sql())
					.register(registry);
			}
		}
		Gauge.builder("keel.rates.batches.waiting", () -> count(BatchState.QUEUED) + count(BatchState.APPLYING))
			.description("Price batches queued or applying")
			.register(registry);
	}

	// A database that does not answer leaves the last counts standing.
	private synchronized long count(BatchState state) {
		if (System.nanoTime() - this.countedAt > FRESH.toNanos()) {
			try {
				this.counts = new EnumMap<>(this.batches.countByState());
			}
			catch (RuntimeException ex) {
				// reported by the health of the database
			}
			this.countedAt = System.nanoTime();
		}
		return this.counts.getOrDefault(state, 0L);
	}

}
