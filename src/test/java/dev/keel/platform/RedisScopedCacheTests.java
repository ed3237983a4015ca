package dev.keel.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * The {@link ScopedCache} contract on the real Redis at {@code KEEL_TEST_REDIS_URL}, plus
 * what only a shared cache must do: agree between instances and survive Redis failing.
 */
@RequiresServices(postgres = false, rabbitmq = false)
class RedisScopedCacheTests extends ScopedCacheContract {

	private static LettuceConnectionFactory redis;

	private static RedisCircuit circuit;

	private final List<String> prefixes = new ArrayList<>();

	@BeforeAll
	static void connect() {
		redis = new LettuceConnectionFactory(
				LettuceConnectionFactory.createRedisConfiguration(ServicesAvailable.REDIS_URL),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
		redis.afterPropertiesSet();
		redis.start();
		circuit = new RedisCircuit(() -> redis, Duration.ofSeconds(1));
	}

	@AfterAll
	static void disconnect() {
		if (redis != null) {
			circuit.close();
			redis.destroy();
		}
	}

	@AfterEach
	void removeKeys() {
		StringRedisTemplate template = new StringRedisTemplate(redis);
		for (String prefix : this.prefixes) {
			List<String> keys = new ArrayList<>();
			try (Cursor<String> cursor = template.scan(ScanOptions.scanOptions().match(prefix + "*").build())) {
				cursor.forEachRemaining(keys::add);
			}
			template.delete(keys);
		}
	}

	@Override
	ScopedCache newCache(Duration ttl, CacheMetrics metrics) {
		String prefix = "keel-test:" + UUID.randomUUID() + ":";
		this.prefixes.add(prefix);
		return cacheAt(prefix, ttl, metrics);
	}

	private RedisScopedCache cacheAt(String prefix, Duration ttl, CacheMetrics metrics) {
		return new RedisScopedCache(redis, circuit, prefix, new CacheProperties(CacheProperties.Type.REDIS, ttl, 1000),
				metrics);
	}

	@Test
	void instancesOnOneNamespaceShareEntriesAndEvictions() {
		String prefix = "keel-test:" + UUID.randomUUID() + ":";
		this.prefixes.add(prefix);
		ScopedCache one = cacheAt(prefix, TTL, new CacheMetrics(new SimpleMeterRegistry(), "one"));
		ScopedCache other = cacheAt(prefix, TTL, new CacheMetrics(new SimpleMeterRegistry(), "other"));

		one.get("lane", "k", new Loader("from one"));
		assertThat(text(other.get("lane", "k", new Loader("from other")))).isEqualTo("from one");

		other.evict(List.of("lane"));
		assertThat(text(one.get("lane", "k", new Loader("after evict")))).isEqualTo("after evict");

		one.evictAll();
		assertThat(text(other.get("lane", "k", new Loader("after evict all")))).isEqualTo("after evict all");
	}

	@Test
	void evictionOnAnotherInstanceDuringLoadKeepsStaleValueOut() {
		String prefix = "keel-test:" + UUID.randomUUID() + ":";
		this.prefixes.add(prefix);
		ScopedCache reader = cacheAt(prefix, TTL, new CacheMetrics(new SimpleMeterRegistry(), "reader"));
		ScopedCache writer = cacheAt(prefix, TTL, new CacheMetrics(new SimpleMeterRegistry(), "writer"));

		byte[] stale = reader.get("lane", "k", () -> {
			writer.evict(List.of("lane"));
			return bytes("stale");
		});

		Loader fresh = new Loader("fresh");
		assertThat(text(stale)).isEqualTo("stale");
		assertThat(text(reader.get("lane", "k", fresh))).isEqualTo("fresh");
		assertThat(fresh.calls()).isEqualTo(1);
	}

	@Test
	void unreachableRedisDegradesToLoadingDirectly() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		LettuceConnectionFactory closed = unreachable();
		try (RedisCircuit down = new RedisCircuit(() -> closed, Duration.ofSeconds(1))) {
			ScopedCache cache = new RedisScopedCache(closed, down, "keel-test:",
					new CacheProperties(CacheProperties.Type.REDIS, TTL, 1000), new CacheMetrics(meters, "down"));
			Loader loader = new Loader("direct");

			assertThat(text(cache.get("lane", "k", loader))).isEqualTo("direct");
			assertThat(text(cache.get("lane", "k", loader))).isEqualTo("direct");

			assertThat(loader.calls()).isEqualTo(2);
			assertThat(meters.get("keel.cache.errors").counter().count()).isEqualTo(2);
		}
		finally {
			closed.destroy();
		}
	}

	@Test
	void evictionFailsLoudlyWhenRedisIsUnreachable() {
		LettuceConnectionFactory closed = unreachable();
		try (RedisCircuit down = new RedisCircuit(() -> closed, Duration.ofSeconds(1))) {
			ScopedCache cache = new RedisScopedCache(closed, down, "keel-test:",
					new CacheProperties(CacheProperties.Type.REDIS, TTL, 1000),
					new CacheMetrics(new SimpleMeterRegistry(), "down"));

			assertThatRuntimeException().isThrownBy(() -> cache.evict(List.of("lane")));
			assertThatRuntimeException().isThrownBy(cache::evictAll);
		}
		finally {
			closed.destroy();
		}
	}

	/** A connection factory for a port nothing listens on, failing fast. */
	private static LettuceConnectionFactory unreachable() {
		SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).build();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofMillis(500))
			.clientOptions(ClientOptions.builder().socketOptions(socket).build())
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 1), client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
