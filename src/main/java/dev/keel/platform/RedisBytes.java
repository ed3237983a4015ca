package dev.keel.platform;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Plumbing for code that talks to Redis in string keys, byte values and Lua scripts whose
 * replies are arrays.
 */
public final class RedisBytes {

	private RedisBytes() {
	}

	/** A template with string keys and raw byte values. */
	public static RedisTemplate<String, byte[]> template(RedisConnectionFactory connections) {
		RedisTemplate<String, byte[]> redis = new RedisTemplate<>();
		redis.setConnectionFactory(connections);
		redis.setKeySerializer(RedisSerializer.string());
		redis.setValueSerializer(RedisSerializer.byteArray());
		redis.afterPropertiesSet();
		return redis;
	}

	/** A script whose reply is an array; bulk strings in it arrive as {@code byte[]}. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static RedisScript<List<Object>> arrayScript(String lua) {
		return (RedisScript) RedisScript.of(lua, List.class);
	}

	/** The serializer that leaves an array reply's elements as they came. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static RedisSerializer<List<Object>> arrayReply() {
		return (RedisSerializer) RedisSerializer.byteArray();
	}

	public static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	public static String text(Object bytes) {
		return new String((byte[]) bytes, StandardCharsets.UTF_8);
	}

}
