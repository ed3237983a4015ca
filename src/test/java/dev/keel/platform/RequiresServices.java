package dev.keel.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class only when the real services it names answer: PostgreSQL at
 * {@code KEEL_TEST_DB_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}), Redis
 * at {@code KEEL_TEST_REDIS_URL} (default {@code redis://127.0.0.1:6379}), RabbitMQ at
 * {@code KEEL_TEST_RABBITMQ_URL} (default {@code amqp://guest:guest@127.0.0.1:5672}).
 * Where they do not, the class is skipped with a message, except with {@code CI=true},
 * where it fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ServicesAvailable.class)
public @interface RequiresServices {

	boolean postgres() default true;

	boolean redis() default true;

	boolean rabbitmq() default true;

}
