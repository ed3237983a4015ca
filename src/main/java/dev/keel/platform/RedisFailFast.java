package dev.keel.platform;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.stereotype.Component;

/**
 * While Redis is unreachable, commands fail at once instead of queueing for the
 * reconnect. A queued command stays in Lettuce's buffer even after it timed out, so a
 * long outage would pile up every retried write there; failing fast also sends cache
 * reads to the database without waiting out the timeout. Reconnection attempts back off
 * to at most two seconds apart (Lettuce's default is 30), so the cache, and the evictions
 * owed to it, come back within two seconds of Redis.
 */
@Component
class RedisFailFast implements LettuceClientOptionsBuilderCustomizer, ClientResourcesBuilderCustomizer {

	@Override
	public void customize(ClientOptions.Builder options) {
		options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	@Override
	public void customize(ClientResources.Builder resources) {
		resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
	}

}
