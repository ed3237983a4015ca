package dev.keel.rates;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.amqp.health.RabbitHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * RabbitMQ in {@code /actuator/health}, as Spring Boot checks it, except that an
 * unreachable broker is {@code DEGRADED} rather than {@code DOWN}: only price batch
 * uploads need it (they answer 503), everything else is served, so the overall status
 * must not tell a load balancer otherwise. The name keeps Boot's own indicator away.
 */
@Component("rabbitHealthContributor")
@ConditionalOnEnabledHealthIndicator("rabbit")
class RabbitHealth implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED",
			"RabbitMQ is unreachable; price batch uploads are refused, everything else is served");

	private final HealthIndicator rabbit;

	RabbitHealth(RabbitTemplate rabbit) {
		this.rabbit = new RabbitHealthIndicator(rabbit);
	}

	@Override
	public Health health() {
		Health health = this.rabbit.health();
		if (!Status.DOWN.equals(health.getStatus())) {
			return health;
		}
		return Health.status(DEGRADED).withDetails(health.getDetails()).build();
	}

}
