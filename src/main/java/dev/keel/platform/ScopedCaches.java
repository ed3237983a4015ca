package dev.keel.platform;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Hands each module its own {@link ScopedCache}, in-process or in Redis as configured.
 */
@Component
public class ScopedCaches {

	private final CacheProperties properties;

	private final ObjectProvider<RedisConnectionFactory> redis;

	private final MeterRegistry meters;

	ScopedCaches(CacheProperties properties, ObjectProvider<RedisConnectionFactory> redis, MeterRegistry meters) {
		this.properties = properties;
		this.redis = redis;
		this.meters = meters;
	}

	/** A cache of its own for {@code namespace}, typically the module's name. */
	public ScopedCache create(String namespace) {
		CacheMetrics metrics = new CacheMetrics(this.meters, namespace);
		return switch (this.properties.type()) {
			case LOCAL -> new LocalScopedCache(this.properties, metrics);
			case REDIS ->
				new RedisScopedCache(this.redis.getObject(), "keel:" + namespace + ":", this.properties, metrics);
		};
	}

}
