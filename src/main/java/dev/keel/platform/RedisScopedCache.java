package dev.keel.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

import static dev.keel.platform.RedisBytes.bytes;

/**
 * {@link ScopedCache} in Redis, shared by every instance. A scope is one hash under
 * {@code <prefix><epoch>:<scope>}. Two counters make the contract hold across instances:
 * {@code evictions} grows with every eviction, and a reader stores its value only if it
 * has not moved since the reader looked (checked and written in one script);
 * {@code epoch} grows with {@link #evictAll}, which leaves every older hash unreachable
 * until its TTL removes it. If Redis fails, readers load directly and the failure is
 * logged and counted; a failed eviction is an error, since a stale cache would follow.
 * Every call goes through the {@link RedisCircuit}: while it is open, readers load
 * directly without asking Redis, and evictions fail at once.
 */
final class RedisScopedCache implements ScopedCache {

	private static final Logger log = LoggerFactory.getLogger(RedisScopedCache.class);

	private static final RedisScript<List<Object>> READ = RedisBytes.arrayScript("""
			local epoch = redis.call('GET', KEYS[1]) or '0'
			local evictions = redis.call('GET', KEYS[2]) or '0'
			return {epoch, evictions, redis.call('HGET', ARGV[1] .. epoch .. ':' .. ARGV[2], ARGV[3])}
			""");

	private static final RedisScript<List<Object>> STORE = RedisBytes.arrayScript("""
			if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[4] or (redis.call('GET', KEYS[2]) or '0') ~= ARGV[5] then
			  return {0}
			end
			local scope = ARGV[1] .. ARGV[4] .. ':' .. ARGV[2]
			redis.call('HSET', scope, ARGV[3], ARGV[6])
			if redis.call('TTL', scope) < 0 then
			  redis.call('EXPIRE', scope, ARGV[7])
			end
			return {1}
			""");

	private static final RedisScript<List<Object>> EVICT = RedisBytes.arrayScript("""
			local epoch = redis.call('GET', KEYS[1]) or '0'
			redis.call('INCR', KEYS[2])
			for i = 2, #ARGV do
			  redis.call('UNLINK', ARGV[1] .. epoch .. ':' .. ARGV[i])
			end
			return {1}
			""");

	private static final RedisScript<List<Object>> EVICT_ALL = RedisBytes.arrayScript("""
			redis.call('INCR', KEYS[2])
			redis.call('INCR', KEYS[1])
			return {1}
			""");

	private final RedisTemplate<String, byte[]> redis;

	private final String prefix;

	private final List<String> counters;

	private final byte[] ttlSeconds;

	private final CacheMetrics metrics;

	private final RedisCircuit circuit;

	RedisScopedCache(RedisConnectionFactory connections, RedisCircuit circuit, String prefix,
			CacheProperties properties, CacheMetrics metrics) {
		this.redis = RedisBytes.template(connections);
		this.circuit = circuit;
		this.prefix = prefix;
		this.counters = List.of(prefix + "epoch", prefix + "evictions");
		this.ttlSeconds = bytes(Long.toString(properties.ttl().toSeconds()));
		this.metrics = metrics;
	}

	@Override
	public byte[] get(String scope, String key, Supplier<byte[]> loader) {
		List<Object> seen;
		try {
			seen = run(READ, bytes(this.prefix), bytes(scope), bytes(key));
		}
		catch (CallNotPermittedException ex) {
			this.metrics.bypasses.increment();
			return loader.get();
		}
		catch (RuntimeException ex) {
			this.metrics.errors.increment();
			log.warn("Cache {} unreadable, loading directly: {}", this.prefix, ex.toString());
			return loader.get();
		}
		if (seen.size() > 2 && seen.get(2) instanceof byte[] value) {
			this.metrics.hits.increment();
			return value;
		}
		this.metrics.misses.increment();
		byte[] loaded = loader.get();
		try {
			run(STORE, bytes(this.prefix), bytes(scope), bytes(key), (byte[]) seen.get(0), (byte[]) seen.get(1), loaded,
					this.ttlSeconds);
		}
		catch (CallNotPermittedException ex) {
			// Redis went away while this reader loaded; the next readers skip it too.
		}
		catch (RuntimeException ex) {
			this.metrics.errors.increment();
			log.warn("Cache {} not stored: {}", this.prefix, ex.toString());
		}
		return loaded;
	}

	@Override
	public void evict(Collection<String> scopes) {
		List<byte[]> args = new ArrayList<>(scopes.size() + 1);
		args.add(bytes(this.prefix));
		scopes.forEach(scope -> args.add(bytes(scope)));
		counted(() -> run(EVICT, args.toArray()));
	}

	@Override
	public void evictAll() {
		counted(() -> run(EVICT_ALL));
	}

	private void counted(Runnable eviction) {
		try {
			eviction.run();
		}
		catch (RuntimeException ex) {
			this.metrics.errors.increment();
			throw ex;
		}
	}

	private List<Object> run(RedisScript<List<Object>> script, Object... args) {
		return this.circuit.call(() -> this.redis.execute(script, RedisSerializer.byteArray(), RedisBytes.arrayReply(),
				this.counters, args));
	}

}
