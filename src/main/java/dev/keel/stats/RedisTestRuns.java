package dev.keel.stats;

import java.util.List;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.keel.platform.RedisBytes;

import static dev.keel.platform.RedisBytes.bytes;

/**
 * Test runs as every instance of the deployment sees them: each run's view is one JSON
 * string, written by the instance that runs it; {@code active} is a sorted set of the
 * runs going anywhere, scored by when their lease ends, so that max-active holds for the
 * fleet and a crashed instance's runs free their places once their lease is over;
 * {@code kept} orders every run by its start, so that the oldest finished ones beyond
 * max-kept are forgotten. The keys share the deployment's prefix as their hash tag.
 */
final class RedisTestRuns {

	/** How long a running run's view and place stay without a write from its instance. */
	static final long LEASE_SECONDS = 60;

	/** How long a finished run is kept. */
	static final long FINISHED_SECONDS = 24 * 60 * 60;

	// KEYS: active, kept, the run. ARGV: id, view, seconds to keep it, lease end in ms
	// (0 once finished), start in ms.
	private static final String PUT = """
			redis.call('SET', KEYS[3], ARGV[2], 'EX', ARGV[3])
			if ARGV[4] == '0' then
			  redis.call('ZREM', KEYS[1], ARGV[1])
			else
			  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
			end
			redis.call('ZADD', KEYS[2], 'NX', ARGV[5], ARGV[1])
			redis.call('EXPIRE', KEYS[1], %d)
			redis.call('EXPIRE', KEYS[2], %d)
			""".formatted(FINISHED_SECONDS, FINISHED_SECONDS);

	// ARGV as PUT's, then now in ms, max-active, max-kept and the prefix of run keys.
	// Refuses (0) when max-active runs hold a lease; else stores the run and forgets the
	// oldest finished runs beyond max-kept.
	private static final RedisScript<Long> START = RedisScript.of("""
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[6])
			if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[7]) then
			  return 0
			end
			""" + PUT + """
			local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[8])
			if extra > 0 then
			  local oldest = redis.call('ZRANGE', KEYS[2], 0, extra + redis.call('ZCARD', KEYS[1]) - 1)
			  for _, id in ipairs(oldest) do
			    if extra <= 0 then
			      break
			    end
			    if not redis.call('ZSCORE', KEYS[1], id) then
			      redis.call('ZREM', KEYS[2], id)
			      redis.call('UNLINK', ARGV[9] .. id)
			      extra = extra - 1
			    end
			  end
			end
			return 1
			""", Long.class);

	private static final RedisScript<Long> UPDATE = RedisScript.of(PUT + "return 1", Long.class);

	private final RedisTemplate<String, byte[]> redis;

	private final JsonMapper json;

	private final String active;

	private final String kept;

	private final String run;

	/** {@code keys}: the deployment's prefix for its test-run keys. */
	RedisTestRuns(RedisConnectionFactory connections, String keys, JsonMapper json) {
		this.redis = RedisBytes.template(connections);
		this.json = json;
		this.active = "{" + keys + "}active";
		this.kept = "{" + keys + "}kept";
		this.run = "{" + keys + "}run:";
	}

	/**
	 * Stores a run that is starting, unless {@code maxActive} runs are going in the
	 * fleet.
	 * @return whether it was stored
	 */
	boolean start(TestRun run, int maxActive, int maxKept) {
		long now = System.currentTimeMillis();
		Long stored = this.redis.execute(START, keys(run), putArguments(run, run.view(), now, bytes(Long.toString(now)),
				bytes(Integer.toString(maxActive)), bytes(Integer.toString(maxKept)), bytes(this.run)));
		return stored != null && stored == 1;
	}

	/** Writes a run's progress; once its view says finished, for the last time. */
	void update(TestRun run, TestRun.View view) {
		this.redis.execute(UPDATE, keys(run), putArguments(run, view, System.currentTimeMillis()));
	}

	/** The run as its instance last wrote it, if it is kept. */
	Optional<TestRun.View> find(String id) {
		byte[] view = this.redis.opsForValue().get(this.run + id);
		return Optional.ofNullable(view).map(bytes -> this.json.readValue(bytes, TestRun.View.class));
	}

	private List<String> keys(TestRun run) {
		return List.of(this.active, this.kept, this.run + run.id());
	}

	private Object[] putArguments(TestRun run, TestRun.View view, long now, byte[]... more) {
		boolean finished = view.state().equals(TestRun.FINISHED);
		Object[] args = new Object[5 + more.length];
		args[0] = bytes(run.id());
		args[1] = this.json.writeValueAsBytes(view);
		args[2] = bytes(Long.toString(finished ? FINISHED_SECONDS : LEASE_SECONDS));
		args[3] = bytes(finished ? "0" : Long.toString(now + LEASE_SECONDS * 1000));
		args[4] = bytes(Long.toString(run.startedMillis()));
		System.arraycopy(more, 0, args, 5, more.length);
		return args;
	}

}
