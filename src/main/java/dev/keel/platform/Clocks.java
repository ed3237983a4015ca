package dev.keel.platform;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock of the application, so tests can set the time that buckets of counts and
 * limits are read against (a {@code @Primary} clock of their own).
 */
@Configuration(proxyBeanMethods = false)
class Clocks {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
