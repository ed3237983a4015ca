package dev.keel.access;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.keel.platform.RedisCircuit;

/**
 * Buckets in Redis, shared by every instance of the deployment: a script takes tokens
 * atomically, on Redis's clock, so however many instances serve a client it never gets
 * more than its limit. A bucket expires once it would be full again.
 * <p>
 * One Redis call per request would cost more than a light request itself. So a call that
 * takes a token also leases this instance a share of what is left (an eighth, at most
 * {@value #MAX_LEASE}), taken from the bucket at once and spent on the client's next
 * requests here without asking Redis. What a lease has not spent goes back to the bucket
 * once the client has sent nothing here for {@value #IDLE_MILLIS} ms, or at the bucket's
 * refill: a lease can keep a client from tokens for that long, never give it more. Near
 * the end of a bucket the share is nothing, and every request asks Redis.
 */
final class RedisLimits implements LimitStore, AutoCloseable {

	static final long MAX_LEASE = 1_000;

	static final long IDLE_MILLIS = 50;

	private static final long FLUSH_MILLIS = 10;

	private static final Logger log = LoggerFactory.getLogger(RedisLimits.class);

	// ARGV: tokens per period, period in ms, burst, unused tokens given back, whether to
	// take one (1) or not (0), the most to lease. Returns allowed, tokens left, ms until
	// the next refill, tokens leased.
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
			tokens = math.min(burst, tokens + tonumber(ARGV[4]))
			local allowed, lease = 0, 0
			if ARGV[5] == '1' and tokens >= 1 then
			  tokens = tokens - 1
			  allowed = 1
			  lease = math.min(tonumber(ARGV[6]), math.floor(tokens / 8))
			  tokens = tokens - lease
			end
			redis.call('HSET', KEYS[1], 'tokens', tokens, 'start', start)
			local refills = math.ceil((burst - tokens) / rate)
			redis.call('PEXPIREAT', KEYS[1], start + math.max(1, refills) * period)
			return {allowed, tokens, start + period - now, lease}
			""", List.class);

	private final StringRedisTemplate redis;

	private final RedisCircuit circuit;

	private final String keys;

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	private final ScheduledExecutorService flusher;

	/** {@code keys}: the deployment's prefix for its limit keys. */
	RedisLimits(RedisConnectionFactory connections, RedisCircuit circuit, String keys) {
		this.redis = new StringRedisTemplate(connections);
		this.circuit = circuit;
		this.keys = keys;
		this.flusher = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("limits-leases").daemon(true).factory());
		this.flusher.scheduleWithFixedDelay(this::returnIdleQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
	}

	@Override
	public Take take(String bucket, RateLimit limit) {
		Lease lease = this.leases.compute(bucket,
				(name, known) -> (known == null || known.retired) ? new Lease(limit) : known);
		// One call per bucket at a time here: requests arriving meanwhile wait for its
		// lease rather than each leasing tokens that nobody is left to spend.
		lease.lock.lock();
		try {
			long now = System.currentTimeMillis();
			Take spent = lease.spend(now);
			if (spent != null) {
				return spent;
			}
			// A lease left from before the bucket's refill goes back with this call.
			long unused = lease.takeBack();
			Reply reply;
			try {
				reply = call(bucket, limit, unused, true);
			}
			catch (RuntimeException ex) {
				lease.tokens += unused;
				throw ex;
			}
			lease.renew(reply, now);
			return reply.take();
		}
		finally {
			lease.lock.unlock();
		}
	}

	private Reply call(String bucket, RateLimit limit, long unused, boolean takeOne) {
		List<?> reply = this.circuit.call(() -> this.redis.execute(TAKE, List.of(this.keys + bucket),
				Long.toString(limit.tokens()), Long.toString(limit.period().toMillis()), Long.toString(limit.burst()),
				Long.toString(unused), takeOne ? "1" : "0", Long.toString(MAX_LEASE)));
		long leased = (Long) reply.get(3);
		return new Reply(new Take(((Long) reply.get(0)) == 1, (Long) reply.get(1) + leased, (Long) reply.get(2)),
				leased);
	}

	/**
	 * Gives back what idle or outdated leases did not spend, and forgets idle buckets.
	 */
	void returnIdle() {
		long now = System.currentTimeMillis();
		for (Map.Entry<String, Lease> entry : this.leases.entrySet()) {
			Lease lease = entry.getValue();
			// One that is busy is not idle.
			if (!lease.lock.tryLock()) {
				continue;
			}
			try {
				if (lease.tokens > 0 && (now - lease.lastUsed > IDLE_MILLIS || now >= lease.refillAt)) {
					call(entry.getKey(), lease.limit, lease.tokens, false);
					lease.tokens = 0;
				}
				else if (lease.tokens == 0 && now - lease.lastUsed > 10_000) {
					lease.retired = true;
					this.leases.remove(entry.getKey(), lease);
				}
			}
			finally {
				lease.lock.unlock();
			}
		}
	}

	private void returnIdleQuietly() {
		try {
			returnIdle();
		}
		// Kept for the next round; anything escaping would cancel every later one.
		catch (Throwable ex) {
			log.debug("Request limits: unused leases could not go back to Redis yet: {}", ex.toString());
		}
	}

	@Override
	public void close() {
		this.flusher.shutdown();
		try {
			this.flusher.awaitTermination(5, TimeUnit.SECONDS);
			for (Map.Entry<String, Lease> entry : this.leases.entrySet()) {
				Lease lease = entry.getValue();
				if (lease.tokens > 0) {
					call(entry.getKey(), lease.limit, lease.tokens, false);
					lease.tokens = 0;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.warn("Request limits: unused leases could not go back to Redis: {}", ex.toString());
		}
	}

	private record Reply(Take take, long leased) {

	}

	/**
	 * Tokens this instance took from one bucket ahead of its client's requests; read and
	 * changed only under its lock.
	 */
	private static final class Lease {

		final ReentrantLock lock = new ReentrantLock();

		final RateLimit limit;

		long tokens;

		long left;

		long refillAt;

		long lastUsed;

		boolean retired;

		Lease(RateLimit limit) {
			this.limit = limit;
		}

		@Nullable Take spend(long now) {
			this.lastUsed = now;
			if (this.tokens < 1 || now >= this.refillAt) {
				return null;
			}
			this.tokens--;
			return new Take(true, this.left + this.tokens, this.refillAt - now);
		}

		long takeBack() {
			long unused = this.tokens;
			this.tokens = 0;
			return unused;
		}

		void renew(Reply reply, long now) {
			this.tokens += reply.leased();
			this.left = reply.take().remaining() - reply.leased();
			this.refillAt = now + reply.take().resetMillis();
		}

	}

}
