package dev.keel.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in tests that need a key to expire: the real time, moved
 * forward by what the test asks. It only ever goes forward, as time does, so no bucket of
 * a limit is ever asked about a moment before its start.
 */
final class SettableClock extends Clock {

	private volatile Duration ahead = Duration.ZERO;

	/** Moves the time forward by {@code duration}. */
	void advance(Duration duration) {
		this.ahead = this.ahead.plus(duration);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.ahead);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("the application's clock is UTC");
	}

	/** Makes it the application's one clock (platform {@code Clocks}). */
	@TestConfiguration(proxyBeanMethods = false)
	static class Installed {

		@Bean
		@Primary
		SettableClock settableClock() {
			return new SettableClock();
		}

	}

}
