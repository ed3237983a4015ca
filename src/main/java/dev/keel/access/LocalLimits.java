package dev.keel.access;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Buckets in-process: the embedded default, where one instance serves. The arithmetic is
 * {@code RedisLimits}' script's, step for step, so both modes limit alike.
 */
final class LocalLimits implements LimitStore {

	private final Clock clock;

	// A bucket left alone for a day is full again; forgetting it changes nothing.
	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(1_000_000)
		.expireAfterAccess(Duration.ofDays(1))
		.build();

	LocalLimits(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Take take(String bucket, RateLimit limit) {
		long now = this.clock.millis();
		return this.buckets.get(bucket, name -> new Bucket(limit.burst(), now)).take(limit, now);
	}

	private static final class Bucket {

		private long tokens;

		private long start;

		Bucket(long tokens, long start) {
			this.tokens = tokens;
			this.start = start;
		}

		synchronized Take take(RateLimit limit, long now) {
			long period = limit.period().toMillis();
			long periods = Math.max(0, (now - this.start) / period);
			if (periods > 0) {
				this.tokens = Math.min(limit.burst(), this.tokens + periods * limit.tokens());
				this.start += periods * period;
			}
			boolean allowed = this.tokens >= 1;
			if (allowed) {
				this.tokens--;
			}
			return new Take(allowed, this.tokens, this.start + period - now);
		}

	}

}
