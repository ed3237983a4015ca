package dev.keel.platform;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Hands each module its own {@link ResponseCache}, in-process or in Redis as configured;
 * Redis keys are named under the {@link Deployment}.
 */
@Component
public class ResponseCaches {

	private final CacheProperties properties;

	private final ObjectProvider<RedisConnectionFactory> redis;

	private final MeterRegistry meters;

	private final EvictionOutbox outbox;

	private final Deployment deployment;

	private final RedisCircuit circuit;

	ResponseCaches(CacheProperties properties, ObjectProvider<RedisConnectionFactory> redis, MeterRegistry meters,
			EvictionOutbox outbox, Deployment deployment, RedisCircuit circuit) {
		this.circuit = circuit;
		this.properties = properties;
		this.redis = redis;
		this.meters = meters;
		this.outbox = outbox;
		this.deployment = deployment;
	}

	/**
	 * The cache named {@code name} (typically the module's); with {@code enabled} false
	 * every read loads, but writes still evict, so that switching it on again never
	 * serves an answer older than a write.
	 */
	public synchronized ResponseCache create(String name, boolean enabled) {
		CacheMetrics metrics = new CacheMetrics(this.meters, name);
		ScopedCache store = switch (this.properties.type()) {
			case LOCAL -> new LocalScopedCache(this.properties, metrics);
			case REDIS -> new RedisScopedCache(this.redis.getObject(), this.circuit, this.deployment.keys(name),
					this.properties, metrics);
		};
		this.outbox.register(name, store);
		return new ResponseCache(name, enabled, store, this.outbox, metrics);
	}

}
