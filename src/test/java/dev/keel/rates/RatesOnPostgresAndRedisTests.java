package dev.keel.rates;

import org.junit.jupiter.api.Test;

import dev.keel.platform.OnPostgresAndRedis;

import static org.assertj.core.api.Assertions.assertThat;

@OnPostgresAndRedis
class RatesOnPostgresAndRedisTests extends RatesContract {

	@Test
	void healthReportsPostgresAndRedis() {
		var health = this.http.get("/actuator/health").json();
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("redis").path("status").asString()).isEqualTo("UP");
	}

}
