package dev.keel.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

import dev.keel.platform.RedisBytes;

import static dev.keel.platform.RedisBytes.bytes;
import static dev.keel.platform.RedisBytes.text;

/**
 * Counts in one Redis sorted set shared by every instance, plus a running total. Scores
 * are the negated counts: Redis orders equal scores by member ascending, so an ascending
 * range by rank is exactly the report's order (most requested first, ties by path
 * ascending) and a page costs O(log n + limit). The keys are named under the deployment
 * and share it as their hash tag, so the scripts also run on a Redis Cluster.
 */
final class RedisCountStore implements CountStore {

	// ARGV: sequence, requests, then path and negated count pairs. The last applied
	// sequence of each instance makes a batch sent twice count once.
	private static final RedisScript<Long> ADD = RedisScript.of("""
			if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[1]) then
			  return 0
			end
			for i = 3, #ARGV, 2 do
			  redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i])
			end
			redis.call('INCRBY', KEYS[2], ARGV[2])
			redis.call('SET', KEYS[3], ARGV[1], 'EX', 604800)
			return 1
			""", Long.class);

	private static final RedisScript<List<Object>> PAGE = RedisBytes.arrayScript("""
			return {redis.call('GET', KEYS[2]) or '0', redis.call('ZCARD', KEYS[1]),
			  redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')}
			""");

	private static final RedisScript<List<Object>> RESET = RedisBytes.arrayScript("""
			redis.call('UNLINK', KEYS[1], KEYS[2])
			return {}
			""");

	private final RedisTemplate<String, byte[]> redis;

	private final String counts;

	private final String total;

	private final String applied;

	/** {@code keys}: the deployment's prefix for its stats keys. */
	RedisCountStore(RedisConnectionFactory connections, String keys) {
		this.redis = RedisBytes.template(connections);
		this.counts = "{" + keys + "}counts";
		this.total = "{" + keys + "}total";
		this.applied = "{" + keys + "}applied:";
	}

	@Override
	public void add(Batch batch) {
		List<byte[]> args = new ArrayList<>(2 + 2 * batch.counts().size());
		args.add(bytes(Long.toString(batch.sequence())));
		args.add(bytes(Long.toString(batch.requests())));
		for (Map.Entry<String, Long> count : batch.counts().entrySet()) {
			args.add(bytes(count.getKey()));
			args.add(bytes(Long.toString(-count.getValue())));
		}
		this.redis.execute(ADD, List.of(this.counts, this.total, this.applied + batch.source()), args.toArray());
	}

	@Override
	@SuppressWarnings("unchecked")
	public StatsPage page(int limit, long offset) {
		List<Object> reply = this.redis.execute(PAGE, RedisSerializer.byteArray(), RedisBytes.arrayReply(),
				List.of(this.counts, this.total), bytes(Long.toString(offset)),
				bytes(Long.toString(offset + limit - 1)));
		long total = Long.parseLong(text(reply.get(0)));
		long distinct = (Long) reply.get(1);
		List<Object> range = (List<Object>) reply.get(2);
		List<StatsPage.UrlCount> items = new ArrayList<>(range.size() / 2);
		for (int i = 0; i < range.size(); i += 2) {
			// Scores are whole numbers well below 2^53, so the double is exact.
			long count = -(long) Double.parseDouble(text(range.get(i + 1)));
			items.add(new StatsPage.UrlCount(text(range.get(i)), count));
		}
		return new StatsPage(total, distinct, limit, offset, items);
	}

	@Override
	public void reset() {
		this.redis.execute(RESET, List.of(this.counts, this.total));
	}

}
