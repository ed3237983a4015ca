package dev.keel.access;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.keel.platform.Deployment;
import dev.keel.platform.OnPostgresAndRedis;

import static org.assertj.core.api.Assertions.assertThat;

@OnPostgresAndRedis
@TestPropertySource(properties = { AccessContract.KEYS_REQUIRED, AccessContract.LIMITS_ON,
		AccessContract.ANONYMOUS_READS, AccessContract.ANONYMOUS_READS_BURST })
class AccessOnPostgresAndRedisTests extends AccessContract {

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	Deployment deployment;

	// Every instance of the deployment takes from this one hash; it goes once it would be
	// full again, so idle clients cost Redis nothing.
	@Test
	void aBucketIsOneHashInRedisUnderTheDeploymentsKeysGoneOnceFull() {
		String reader = keyLimitedTo(Role.READER, "5/1m");
		assertThat(read(reader).status()).isEqualTo(200);
		assertThat(read(reader).status()).isEqualTo(200);
		String bucket = this.deployment.keys("limits") + "key:" + name(reader);
		assertThat(this.redis.opsForHash().get(bucket, "tokens")).isEqualTo("3");
		assertThat(this.redis.getExpire(bucket, TimeUnit.MILLISECONDS)).isBetween(1L, 60_000L);
	}

}
