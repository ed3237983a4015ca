package dev.keel.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a Spring test on the production profile against the real PostgreSQL, Redis and
 * RabbitMQ of the build machine (see {@link RequiresServices} for the addresses).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@RequiresServices
@ActiveProfiles("production")
@TestPropertySource(properties = { "spring.datasource.url=${KEEL_TEST_DB_URL:jdbc:postgresql://127.0.0.1:5432/test}",
		"spring.datasource.username=${KEEL_TEST_DB_USER:postgres}",
		"spring.data.redis.url=${KEEL_TEST_REDIS_URL:redis://127.0.0.1:6379}",
		"spring.rabbitmq.addresses=${KEEL_TEST_RABBITMQ_URL:amqp://guest:guest@127.0.0.1:5672}" })
public @interface OnPostgresAndRedis {

}
