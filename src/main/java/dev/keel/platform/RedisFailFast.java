package dev.keel.platform;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.stereotype.Component;

/**
 * While Redis is unreachable, commands fail at once instead of queueing for the
 * reconnect. A queued command stays in Lettuce's buffer even after it timed out, so a
 * long outage would pile up every retried write there; failing fast also sends cache
 * reads to the database without waiting out the timeout.
 */
@Component
class RedisFailFast implements LettuceClientOptionsBuilderCustomizer {

	@Override
	public void customize(ClientOptions.Builder options) {
		options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

}
