package dev.keel.platform;

import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Redis in {@code /actuator/health}, as Spring Boot checks it, except that an unreachable
 * Redis is {@code DEGRADED} rather than {@code DOWN}: every read falls back to the
 * database and counts wait in-process, so the service still works and the overall status
 * must not tell a load balancer otherwise. The name keeps Boot's own indicator away.
 */
@Component("redisHealthContributor")
@ConditionalOnEnabledHealthIndicator("redis")
class RedisHealth implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "Redis is unreachable; reads are served from the database");

	private final HealthIndicator redis;

	RedisHealth(RedisConnectionFactory connections) {
		this.redis = new DataRedisHealthIndicator(connections);
	}

	@Override
	public Health health() {
		Health health = this.redis.health();
		if (!Status.DOWN.equals(health.getStatus())) {
			return health;
		}
		return Health.status(DEGRADED).withDetails(health.getDetails()).build();
	}

}
