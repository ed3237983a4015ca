package dev.keel.access;

import java.util.List;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.keel.platform.RedisCircuit;

/**
 * Buckets in Redis, shared by every instance of the deployment: one script call per
 * request takes a token atomically, on Redis's clock, so however many instances serve a
 * client it gets exactly its limit. A bucket expires once it would be full again.
 */
final class RedisLimits implements LimitStore {

	// ARGV: tokens per period, period in ms, burst. Returns allowed, remaining, reset ms.
	private static final RedisScript<List> TAKE = RedisScript.of("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local rate, period, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
			local state = redis.call('HMGET', KEYS[1], 'tokens', 'start')
			local tokens, start = tonumber(state[1]), tonumber(state[2])
			if not tokens then
			  tokens, start = burst, now
			end
			local periods = math.max(0, math.floor((now - start) / period))
			if periods > 0 then
			  tokens = math.min(burst, tokens + periods * rate)
			  start = start + periods * period
			end
			local allowed = 0
			if tokens >= 1 then
			  tokens = tokens - 1
			  allowed = 1
			end
			redis.call('HSET', KEYS[1], 'tokens', tokens, 'start', start)
			local refills = math.ceil((burst - tokens) / rate)
			redis.call('PEXPIREAT', KEYS[1], start + math.max(1, refills) * period)
			return {allowed, tokens, start + period - now}
			""", List.class);

	private final StringRedisTemplate redis;

	private final RedisCircuit circuit;

	private final String keys;

	/** {@code keys}: the deployment's prefix for its limit keys. */
	RedisLimits(RedisConnectionFactory connections, RedisCircuit circuit, String keys) {
		this.redis = new StringRedisTemplate(connections);
		this.circuit = circuit;
		this.keys = keys;
	}

	@Override
	public Take take(String bucket, RateLimit limit) {
		List<?> reply = this.circuit.call(() -> this.redis.execute(TAKE, List.of(this.keys + bucket),
				Long.toString(limit.tokens()), Long.toString(limit.period().toMillis()), Long.toString(limit.burst())));
		return new Take(((Long) reply.get(0)) == 1, (Long) reply.get(1), (Long) reply.get(2));
	}

}
