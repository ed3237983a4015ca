package dev.keel.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

import dev.keel.platform.RedisBytes;

import static dev.keel.platform.RedisBytes.bytes;
import static dev.keel.platform.RedisBytes.text;

/**
 * Counts in Redis, shared by every instance: the all-time ranking in one sorted set plus
 * a running total, and per UTC hour and day a sorted set of paths, one of clients and a
 * total, each expiring at its bucket's end plus the retention. Scores are the negated
 * counts: Redis orders equal scores by member ascending, so an ascending range by rank is
 * exactly the report's order (most requested first, ties by name ascending) and a page
 * costs O(log n + limit). The keys are named under the deployment and share it as their
 * hash tag, so the scripts also run on a Redis Cluster; the few keys a script derives
 * from a name (a bucket's keys from the list of buckets, for a reset) lie in the same
 * slot.
 * <p>
 * A window's ranking is the union of its buckets, stored under a key of its own and
 * reused for {@code window-reuse} (a window that ended over a minute ago:
 * {@code past-window-reuse}); for as long again it still answers, stale, while its
 * successor is built in the background. A union of up to {@value #CHUNK} paths is made at
 * once; a larger one is built in steps of {@value #CHUNK} paths, so Redis serves others
 * between them. Meanwhile its buckets are frozen: counts for them go to an overflow set,
 * merged into the bucket and the new ranking in the step that publishes it, so the
 * ranking is exact as of that step. One ranking is built at a time per deployment; others
 * wait.
 */
final class RedisCountStore implements CountStore {

	static final int CHUNK = 10_000;

	// How long a build may go without a step before it counts as abandoned (its
	// instance died): its overflow is then merged back by the next script that looks.
	private static final long BUILD_LEASE_MILLIS = 10_000;

	private static final Duration MOST_WAITED = Duration.ofSeconds(60);

	// Merges the overflow of buckets frozen by a build whose lease ran out.
	private static final String RECOVER = """
			local function recover(lock, frozen)
			  if redis.call('EXISTS', lock) == 1 or redis.call('SCARD', frozen) == 0 then return end
			  for _, key in ipairs(redis.call('SMEMBERS', frozen)) do
			    local extra = redis.call('ZRANGE', key .. '+', 0, -1, 'WITHSCORES')
			    for i = 1, #extra, 2 do redis.call('ZINCRBY', key, extra[i + 1], extra[i]) end
			    redis.call('UNLINK', key .. '+')
			  end
			  redis.call('DEL', frozen)
			end
			""";

	// KEYS: counts, total, applied, buckets, lock, frozen, then per bucket its paths,
	// clients and total. ARGV: sequence, requests, the all-time pairs' number and the
	// pairs (path, negated count), then per bucket: name, expiry, requests, numbers of
	// path and client pairs, the pairs. The last applied sequence of each instance makes
	// a batch sent twice count once.
	private static final RedisScript<Long> ADD = RedisScript.of(RECOVER + """
			if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[1]) then
			  return 0
			end
			recover(KEYS[5], KEYS[6])
			local building = redis.call('EXISTS', KEYS[5]) == 1
			local function into(key)
			  if building and redis.call('SISMEMBER', KEYS[6], key) == 1 then return key .. '+' end
			  return key
			end
			local a = 4
			for i = a, a + 2 * tonumber(ARGV[3]) - 1, 2 do
			  redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i])
			end
			a = a + 2 * tonumber(ARGV[3])
			redis.call('INCRBY', KEYS[2], ARGV[2])
			local k = 7
			while a <= #ARGV do
			  local name, expiry, requests = ARGV[a], ARGV[a + 1], ARGV[a + 2]
			  local paths, clients = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
			  a = a + 5
			  local urls, names = into(KEYS[k]), into(KEYS[k + 1])
			  for i = a, a + 2 * paths - 1, 2 do redis.call('ZINCRBY', urls, ARGV[i + 1], ARGV[i]) end
			  a = a + 2 * paths
			  for i = a, a + 2 * clients - 1, 2 do redis.call('ZINCRBY', names, ARGV[i + 1], ARGV[i]) end
			  a = a + 2 * clients
			  redis.call('INCRBY', KEYS[k + 2], requests)
			  redis.call('EXPIREAT', urls, expiry)
			  redis.call('EXPIREAT', names, expiry)
			  redis.call('EXPIREAT', KEYS[k + 2], expiry)
			  redis.call('ZADD', KEYS[4], expiry, name)
			  k = k + 3
			end
			redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', redis.call('TIME')[1])
			redis.call('SET', KEYS[3], ARGV[1], 'EX', 604800)
			return 1
			""", Long.class);

	private static final RedisScript<List<Object>> PAGE = RedisBytes.arrayScript("""
			return {redis.call('GET', KEYS[2]) or '0', redis.call('ZCARD', KEYS[1]),
			  redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')}
			""");

	// Stores a window's ranking (already in KEYS[1], or absent when empty), its total the
	// sum of the buckets' totals, fresh (KEYS[7]) for ARGV[4] ms and kept, stale, until
	// ARGV[7] ms; evicts the rankings expiring soonest beyond ARGV[5]; answers the page
	// from ARGV[2] to ARGV[3].
	private static final String PUBLISH = """
			local function publish(n)
			  local total = 0
			  for i = 1, n do total = total + tonumber(redis.call('GET', KEYS[7 + n + i]) or '0') end
			  redis.call('SET', KEYS[2], total, 'PX', ARGV[7])
			  redis.call('PEXPIRE', KEYS[1], ARGV[7])
			  redis.call('SET', KEYS[7], '1', 'PX', ARGV[4])
			  local time = redis.call('TIME')
			  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
			  redis.call('ZADD', KEYS[6], now + tonumber(ARGV[7]), KEYS[1])
			  local excess = redis.call('ZCARD', KEYS[6]) - tonumber(ARGV[5])
			  if excess > 0 then
			    local popped = redis.call('ZPOPMIN', KEYS[6], excess)
			    for i = 1, #popped, 2 do
			      if popped[i] == KEYS[1] then
			        redis.call('ZADD', KEYS[6], popped[i + 1], KEYS[1])
			      else
			        redis.call('UNLINK', popped[i], popped[i] .. '#total', popped[i] .. '#fresh')
			      end
			    end
			  end
			end
			local function page()
			  return {redis.call('GET', KEYS[2]), redis.call('ZCARD', KEYS[1]),
			    redis.call('ZRANGE', KEYS[1], ARGV[2], ARGV[3], 'WITHSCORES')}
			end
			""";

	// KEYS: ranking, its total, lock, frozen, build key, windows, the ranking's
	// freshness,
	// the n buckets' sorted sets, their n totals. ARGV: n, offset, end, reuse ms, most
	// windows, lease ms, keep ms. The page when the ranking is fresh, or stale while a
	// build goes on, or small enough to make at once; else the build is claimed ('build',
	// followed by the stale page if there is one) or another one goes on ('wait').
	private static final RedisScript<List<Object>> START = RedisBytes.arrayScript(RECOVER + PUBLISH + """
			local stale = redis.call('EXISTS', KEYS[2]) == 1
			if stale and redis.call('EXISTS', KEYS[7]) == 1 then return page() end
			if redis.call('EXISTS', KEYS[3]) == 1 then
			  if stale then return page() end
			  return {'wait'}
			end
			recover(KEYS[3], KEYS[4])
			local n = tonumber(ARGV[1])
			local size = 0
			for i = 1, n do size = size + redis.call('ZCARD', KEYS[7 + i]) end
			if size <= %d then
			  if size > 0 then
			    local sources = {}
			    for i = 1, n do sources[i] = KEYS[7 + i] end
			    redis.call('ZUNIONSTORE', KEYS[1], n, unpack(sources))
			  else
			    redis.call('UNLINK', KEYS[1])
			  end
			  publish(n)
			  return page()
			end
			redis.call('SET', KEYS[3], KEYS[5], 'PX', ARGV[6])
			for i = 1, n do redis.call('SADD', KEYS[4], KEYS[7 + i]) end
			if stale then
			  local old = page()
			  return {'build', old[1], old[2], old[3]}
			end
			return {'build'}
			""".formatted(CHUNK));

	// KEYS: lock, build key, one bucket. ARGV: first and last rank, lease ms. Adds that
	// range of the (frozen) bucket to the build; -1 when the build was called off (a
	// reset, or its lease ran out).
	private static final RedisScript<Long> STEP = RedisScript.of("""
			if redis.call('GET', KEYS[1]) ~= KEYS[2] then return -1 end
			local range = redis.call('ZRANGE', KEYS[3], ARGV[1], ARGV[2], 'WITHSCORES')
			for i = 1, #range, 2 do redis.call('ZINCRBY', KEYS[2], range[i + 1], range[i]) end
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			return #range / 2
			""", Long.class);

	// KEYS and ARGV as START. Merges what came meanwhile into the buckets and the build,
	// which becomes the ranking; {'again'} when the build was called off.
	private static final RedisScript<List<Object>> FINISH = RedisBytes.arrayScript(PUBLISH + """
			if redis.call('GET', KEYS[3]) ~= KEYS[5] then return {'again'} end
			for _, key in ipairs(redis.call('SMEMBERS', KEYS[4])) do
			  local extra = redis.call('ZRANGE', key .. '+', 0, -1, 'WITHSCORES')
			  for i = 1, #extra, 2 do
			    redis.call('ZINCRBY', key, extra[i + 1], extra[i])
			    redis.call('ZINCRBY', KEYS[5], extra[i + 1], extra[i])
			  end
			  redis.call('UNLINK', key .. '+')
			end
			redis.call('DEL', KEYS[4], KEYS[3])
			if redis.call('EXISTS', KEYS[5]) == 1 then
			  redis.call('RENAME', KEYS[5], KEYS[1])
			else
			  redis.call('UNLINK', KEYS[1])
			end
			publish(tonumber(ARGV[1]))
			return page()
			""");

	// KEYS: pairs of a bucket's paths and its overflow. ARGV: the path.
	private static final RedisScript<List<Object>> SERIES = RedisBytes.arrayScript("""
			local counts = {}
			for i = 1, #KEYS, 2 do
			  counts[#counts + 1] = (tonumber(redis.call('ZSCORE', KEYS[i], ARGV[1]) or '0')
			    + tonumber(redis.call('ZSCORE', KEYS[i + 1], ARGV[1]) or '0')) .. ''
			end
			return counts
			""");

	// KEYS: counts, total, buckets, windows, lock, frozen. ARGV: the keys' prefix.
	private static final RedisScript<List<Object>> RESET = RedisBytes.arrayScript("""
			for _, name in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
			  local at = ARGV[1] .. name
			  redis.call('UNLINK', at .. ':urls', at .. ':urls+', at .. ':clients', at .. ':clients+', at .. ':total')
			end
			for _, ranking in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
			  redis.call('UNLINK', ranking, ranking .. '#total', ranking .. '#fresh')
			end
			local build = redis.call('GET', KEYS[5])
			if build then redis.call('UNLINK', build) end
			redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
			return {}
			""");

	private static final Logger log = LoggerFactory.getLogger(RedisCountStore.class);

	private final RedisTemplate<String, byte[]> redis;

	// Rebuilds of rankings that are stale but still answer, off the request's thread.
	private final Executor builders = Executors.newVirtualThreadPerTaskExecutor();

	private final StatsProperties properties;

	private final Clock clock;

	private final String prefix;

	private final String counts;

	private final String total;

	private final String applied;

	private final String buckets;

	private final String windows;

	private final String lock;

	private final String frozen;

	/** {@code keys}: the deployment's prefix for its stats keys. */
	RedisCountStore(RedisConnectionFactory connections, String keys, StatsProperties properties, Clock clock) {
		this.redis = RedisBytes.template(connections);
		this.properties = properties;
		this.clock = clock;
		this.prefix = "{" + keys + "}";
		this.counts = this.prefix + "counts";
		this.total = this.prefix + "total";
		this.applied = this.prefix + "applied:";
		this.buckets = this.prefix + "buckets";
		this.windows = this.prefix + "windows";
		this.lock = this.prefix + "building";
		this.frozen = this.prefix + "frozen";
	}

	@Override
	public void add(Batch batch) {
		List<String> keys = new ArrayList<>(
				List.of(this.counts, this.total, this.applied + batch.source(), this.buckets, this.lock, this.frozen));
		List<byte[]> args = new ArrayList<>();
		args.add(bytes(Long.toString(batch.sequence())));
		args.add(bytes(Long.toString(batch.requests())));
		Map<String, Long> all = batch.counts();
		args.add(bytes(Integer.toString(all.size())));
		pairs(all, args);
		for (Step step : Step.values()) {
			for (Bucket bucket : batch.buckets(step)) {
				String name = step.bucket(bucket.start());
				keys.add(this.prefix + name + ":urls");
				keys.add(this.prefix + name + ":clients");
				keys.add(this.prefix + name + ":total");
				long expiry = bucket.start().plus(step.width()).plus(this.properties.retention(step)).getEpochSecond();
				args.add(bytes(name));
				args.add(bytes(Long.toString(expiry)));
				args.add(bytes(Long.toString(bucket.total())));
				args.add(bytes(Integer.toString(bucket.urls().size())));
				args.add(bytes(Integer.toString(bucket.clients().size())));
				pairs(bucket.urls(), args);
				pairs(bucket.clients(), args);
			}
		}
		this.redis.execute(ADD, keys, args.toArray());
	}

	private static void pairs(Map<String, Long> counts, List<byte[]> args) {
		for (Map.Entry<String, Long> count : counts.entrySet()) {
			args.add(bytes(count.getKey()));
			args.add(bytes(Long.toString(-count.getValue())));
		}
	}

	@Override
	public StatsPage page(int limit, long offset) {
		Ranked ranked = ranked(this.redis.execute(PAGE, RedisSerializer.byteArray(), RedisBytes.arrayReply(),
				List.of(this.counts, this.total), bytes(Long.toString(offset)),
				bytes(Long.toString(offset + limit - 1))));
		return new StatsPage(ranked.total(), ranked.distinct(), limit, offset, ranked.items(StatsPage.UrlCount::new));
	}

	@Override
	public StatsPage page(Window window, int limit, long offset) {
		Ranked ranked = window(window, "urls", limit, offset);
		return new StatsPage(ranked.total(), ranked.distinct(), limit, offset, ranked.items(StatsPage.UrlCount::new));
	}

	@Override
	public ClientsPage clients(Window window, int limit, long offset) {
		Ranked ranked = window(window, "clients", limit, offset);
		return new ClientsPage(ranked.total(), ranked.distinct(), limit, offset,
				ranked.items(ClientsPage.ClientCount::new));
	}

	@Override
	public List<Long> series(String url, Window window) {
		List<String> keys = new ArrayList<>();
		for (Instant start : window.buckets()) {
			String paths = this.prefix + window.step().bucket(start) + ":urls";
			keys.add(paths);
			keys.add(paths + "+");
		}
		if (keys.isEmpty()) {
			return List.of();
		}
		List<Object> reply = this.redis.execute(SERIES, RedisSerializer.byteArray(), RedisBytes.arrayReply(), keys,
				bytes(url));
		return reply.stream().map(score -> -(long) Double.parseDouble(text(score))).toList();
	}

	/**
	 * One page of the ranking of {@code window}'s buckets of {@code kind} (paths or
	 * clients): the stored one, or one made now.
	 */
	private Ranked window(Window window, String kind, int limit, long offset) {
		String ranking = this.prefix + "w:" + kind + ":" + window.step() + ":" + window.from().getEpochSecond() + ":"
				+ window.to().getEpochSecond();
		List<String> keys = new ArrayList<>(
				List.of(ranking, ranking + "#total", this.lock, this.frozen, "", this.windows, ranking + "#fresh"));
		List<String> sources = new ArrayList<>();
		for (Instant start : window.buckets()) {
			sources.add(this.prefix + window.step().bucket(start) + ":" + kind);
		}
		keys.addAll(sources);
		for (Instant start : window.buckets()) {
			keys.add(this.prefix + window.step().bucket(start) + ":total");
		}
		Instant now = this.clock.instant();
		Duration reuse = window.to().plus(Duration.ofMinutes(1)).isAfter(now) ? this.properties.windowReuse()
				: this.properties.pastWindowReuse();
		Object[] args = { bytes(Integer.toString(sources.size())), bytes(Long.toString(offset)),
				bytes(Long.toString(offset + limit - 1)), bytes(Long.toString(reuse.toMillis())),
				bytes(Integer.toString(this.properties.maxWindows())), bytes(Long.toString(BUILD_LEASE_MILLIS)),
				bytes(Long.toString(2 * reuse.toMillis())) };
		long deadline = System.nanoTime() + MOST_WAITED.toNanos();
		while (System.nanoTime() < deadline) {
			// A build of its own each time: one called off may have left a part behind.
			String build = this.prefix + "w:build:" + UUID.randomUUID();
			keys.set(4, build);
			List<Object> reply = this.redis.execute(START, RedisSerializer.byteArray(), RedisBytes.arrayReply(), keys,
					args);
			if (reply.size() == 3) {
				return ranked(reply);
			}
			if (reply.size() == 4) {
				// The stale ranking answers; its successor is built behind it.
				List<String> buildKeys = List.copyOf(keys);
				Object[] buildArgs = args.clone();
				buildArgs[1] = bytes("0");
				buildArgs[2] = bytes("0");
				this.builders.execute(() -> buildBehind(buildKeys, buildArgs, sources));
				return ranked(reply.subList(1, 4));
			}
			if (text(reply.get(0)).equals("build") && built(build, sources)) {
				reply = this.redis.execute(FINISH, RedisSerializer.byteArray(), RedisBytes.arrayReply(), keys, args);
				if (reply.size() == 3) {
					return ranked(reply);
				}
			}
			else {
				pause();
			}
		}
		throw new QueryTimeoutException("the ranking of " + window + " was not ready within " + MOST_WAITED);
	}

	/**
	 * Builds a ranking while its stale predecessor answers; a failure leaves it stale.
	 */
	private void buildBehind(List<String> keys, Object[] args, List<String> sources) {
		try {
			if (built(keys.get(4), sources)) {
				this.redis.execute(FINISH, RedisSerializer.byteArray(), RedisBytes.arrayReply(), keys, args);
			}
		}
		catch (RuntimeException ex) {
			// Its lease runs out and the next request for the window builds it again.
			log.warn("Request counts: a window's ranking could not be rebuilt: {}", ex.toString());
		}
	}

	/** Copies every bucket into the build step by step; false when it was called off. */
	private boolean built(String build, List<String> sources) {
		for (String source : sources) {
			for (long first = 0;; first += CHUNK) {
				Long copied = this.redis.execute(STEP, List.of(this.lock, build, source), bytes(Long.toString(first)),
						bytes(Long.toString(first + CHUNK - 1)), bytes(Long.toString(BUILD_LEASE_MILLIS)));
				if (copied == null || copied < 0) {
					return false;
				}
				if (copied < CHUNK) {
					break;
				}
			}
		}
		return true;
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new QueryTimeoutException("interrupted while a window's ranking was built elsewhere");
		}
	}

	@Override
	public void reset() {
		this.redis.execute(RESET, List.of(this.counts, this.total, this.buckets, this.windows, this.lock, this.frozen),
				bytes(this.prefix));
	}

	@SuppressWarnings("unchecked")
	private static Ranked ranked(List<Object> reply) {
		long total = Long.parseLong(text(reply.get(0)));
		long distinct = (Long) reply.get(1);
		return new Ranked(total, distinct, (List<Object>) reply.get(2));
	}

	/** A page as Redis answers it: names and negated counts, alternating. */
	private record Ranked(long total, long distinct, List<Object> range) {

		<T> List<T> items(BiFunction<String, Long, T> item) {
			List<T> items = new ArrayList<>(this.range.size() / 2);
			for (int i = 0; i < this.range.size(); i += 2) {
				// Scores are whole numbers well below 2^53, so the double is exact.
				long count = -(long) Double.parseDouble(text(this.range.get(i + 1)));
				items.add(item.apply(text(this.range.get(i)), count));
			}
			return items;
		}

	}

}
