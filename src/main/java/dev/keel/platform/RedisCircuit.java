package dev.keel.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Stops asking Redis once most recent calls failed (a Redis that hangs costs every call
 * the whole timeout), so that cached reads go to the database at full speed; a background
 * probe pings Redis every {@code probeInterval} and lets calls through again once it
 * answers. No request ever waits for a probe.
 */
final class RedisCircuit implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisCircuit.class);

	private final CircuitBreaker breaker;

	private final RedisConnectionFactory redis;

	private final ScheduledExecutorService prober = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("redis-probe").daemon(true).factory());

	RedisCircuit(RedisConnectionFactory redis, Duration probeInterval) {
		this.redis = redis;
		this.breaker = CircuitBreaker.of("redis",
				CircuitBreakerConfig.custom()
					.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.slidingWindowSize(10)
					.minimumNumberOfCalls(4)
					.failureRateThreshold(50)
					// Only the probe closes it again.
					.waitDurationInOpenState(Duration.ofDays(365))
					.build());
		this.breaker.getEventPublisher()
			.onStateTransition(event -> log.warn("Redis circuit {}: {}", event.getStateTransition(),
					event.getStateTransition().getToState() == CircuitBreaker.State.OPEN
							? "calls go straight to the database until Redis answers a probe" : "Redis answers again"));
		long millis = probeInterval.toMillis();
		this.prober.scheduleWithFixedDelay(this::probe, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Runs a Redis call unless the circuit is open.
	 * @throws CallNotPermittedException if it is open
	 */
	<T> T call(Supplier<T> command) {
		return this.breaker.executeSupplier(command);
	}

	boolean open() {
		return this.breaker.getState() == CircuitBreaker.State.OPEN;
	}

	private void probe() {
		if (!open()) {
			return;
		}
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.ping();
			this.breaker.transitionToClosedState();
		}
		catch (RuntimeException ex) {
			log.debug("Redis probe failed: {}", ex.toString());
		}
	}

	@Override
	public void close() {
		this.prober.shutdownNow();
	}

}
