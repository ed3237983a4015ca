package dev.keel.stats;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import dev.keel.platform.Deployment;
import dev.keel.platform.InternalRequests;
import dev.keel.platform.Writes;

/** Picks the stores of counts and test runs that {@code keel.stats.store} names. */
@Configuration(proxyBeanMethods = false)
class StatsConfiguration {

	@Bean
	CountStore countStore(StatsProperties properties, ObjectProvider<RedisConnectionFactory> redis,
			Deployment deployment, JdbcClient jdbc, JdbcTemplate batches, Writes writes,
			PlatformTransactionManager transactions, Clock clock) {
		return switch (properties.store()) {
			case REDIS -> new RedisCountStore(redis.getObject(), deployment.keys("stats"), properties, clock);
			case DATABASE -> new DatabaseCountStore(jdbc, batches, writes, transactions, properties, clock);
		};
	}

	@Bean
	RequestCounter requestCounter(CountStore store, StatsProperties properties, Clock clock, MeterRegistry meters) {
		return new RequestCounter(store, properties, clock, meters);
	}

	@Bean
	TestRuns testRuns(StatsProperties properties, ObjectProvider<RedisConnectionFactory> redis, Deployment deployment,
			JsonMapper json, InternalRequests internal) {
		RedisTestRuns shared = switch (properties.store()) {
			case REDIS -> new RedisTestRuns(redis.getObject(), deployment.keys("test-runs"), json);
			case DATABASE -> null;
		};
		return new TestRuns(properties, shared, internal);
	}

}
