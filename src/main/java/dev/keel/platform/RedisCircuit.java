package dev.keel.platform;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Stops asking Redis once most recent calls failed (a Redis that hangs costs every call
 * the whole timeout), so that cached reads go to the database at full speed; a background
 * probe pings Redis every {@code probeInterval} and lets calls through again once it
 * answers. No request ever waits for a probe. Every module's Redis calls on a request's
 * path go through it.
 */
@Component
public final class RedisCircuit extends Periodically implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisCircuit.class);

	private final CircuitBreaker breaker;

	private final Supplier<RedisConnectionFactory> redis;

	@Autowired
	RedisCircuit(ObjectProvider<RedisConnectionFactory> redis, CacheProperties properties) {
		this(redis::getObject, properties.redisProbeInterval());
	}

	RedisCircuit(Supplier<RedisConnectionFactory> redis, Duration probeInterval) {
		super("redis-probe", probeInterval);
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
	}

	/**
	 * Runs a Redis call unless the circuit is open.
	 * @throws CallNotPermittedException if it is open
	 */
	public <T> T call(Supplier<T> command) {
		return this.breaker.executeSupplier(command);
	}

	boolean open() {
		return this.breaker.getState() == CircuitBreaker.State.OPEN;
	}

	// Only while open: a closed circuit costs nothing, so an instance without Redis (the
	// embedded default) never asks it.
	@Override
	void runOnce() {
		if (!open()) {
			return;
		}
		try (RedisConnection connection = this.redis.get().getConnection()) {
			connection.ping();
			this.breaker.transitionToClosedState();
		}
		catch (RuntimeException ex) {
			log.debug("Redis probe failed: {}", ex.toString());
		}
	}

	@Override
	public void close() {
		stop();
	}

}
