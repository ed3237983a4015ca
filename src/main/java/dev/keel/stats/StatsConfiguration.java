package dev.keel.stats;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** Picks the count store that {@code keel.stats.store} names. */
@Configuration(proxyBeanMethods = false)
class StatsConfiguration {

	@Bean
	RequestCounter requestCounter(StatsProperties properties, ObjectProvider<RedisConnectionFactory> redis,
			JdbcClient jdbc, JdbcTemplate batches, PlatformTransactionManager transactions, MeterRegistry meters) {
		CountStore store = switch (properties.store()) {
			case REDIS -> new RedisCountStore(redis.getObject());
			case DATABASE -> new DatabaseCountStore(jdbc, batches, transactions);
		};
		return new RequestCounter(store, properties, meters);
	}

}
