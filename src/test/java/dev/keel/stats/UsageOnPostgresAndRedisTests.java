package dev.keel.stats;

import java.util.List;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import dev.keel.platform.Deployment;
import dev.keel.platform.OnPostgresAndRedis;

import static org.assertj.core.api.Assertions.assertThat;

@OnPostgresAndRedis
class UsageOnPostgresAndRedisTests extends UsageContract {

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	Deployment deployment;

	// Redis expires a bucket by its own clock: at the bucket's end plus the retention.
	@Test
	void bucketsExpireAtTheirEndPlusTheRetention() {
		at(D0.plus(hours(10)).plus(minutes(15)), "/api/a");
		this.client.report("?limit=1");
		String keys = "{" + this.deployment.keys("stats") + "}";
		String hour = keys + Step.HOUR.bucket(D0.plus(hours(10)));
		String day = keys + Step.DAY.bucket(D0);
		long hourEnds = D0.plus(hours(11 + 48)).getEpochSecond();
		long dayEnds = D0.plus(hours(24 * 401)).getEpochSecond();
		for (String suffix : new String[] { ":urls", ":clients", ":total" }) {
			assertThat(expiry(hour + suffix)).as(hour + suffix).isEqualTo(hourEnds);
			assertThat(expiry(day + suffix)).as(day + suffix).isEqualTo(dayEnds);
		}
		assertThat(this.redis.opsForZSet().score(hour + ":urls", "/api/a")).isEqualTo(-1.0);
		assertThat(this.redis.opsForZSet().score(day + ":clients", "anonymous")).isEqualTo(-2.0);
	}

	private long expiry(String key) {
		Long at = this.redis.execute(RedisScript.of("return redis.call('EXPIRETIME', KEYS[1])", Long.class),
				List.of(key));
		return (at != null) ? at : -3;
	}

}
