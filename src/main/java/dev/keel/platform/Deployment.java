package dev.keel.platform;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who this deployment is: an id created with its database schema, so every instance on
 * one database shares it and a new or re-created database gets a new one. Whatever the
 * deployment keeps in a shared service (Redis keys, and queue names) is named under
 * {@link #keys}, so two deployments sharing a Redis never see each other's data, and
 * neither does a re-created database see what the old one left.
 * <p>
 * A copy of a database (a restored dump, a template) carries the id along. So the first
 * time the keys are asked for, the id is claimed in Redis for this database's
 * {@link Database#fingerprint()}; a database that finds its id claimed by another one is
 * a copy, and takes a new id.
 */
@Component
public final class Deployment {

	private static final Logger log = LoggerFactory.getLogger(Deployment.class);

	private final JdbcClient jdbc;

	private final Database database;

	private final ObjectProvider<RedisConnectionFactory> redis;

	private final String prefix;

	private String id;

	private boolean claimed;

	Deployment(JdbcClient jdbc, Database database, ObjectProvider<RedisConnectionFactory> redis,
			DeploymentProperties properties) {
		this.jdbc = jdbc;
		this.database = database;
		this.redis = redis;
		this.prefix = properties.keyPrefix();
		this.id = readId();
	}

	/** The id generated with the schema (or taken when this database proved a copy). */
	public synchronized String id() {
		return this.id;
	}

	/**
	 * The prefix of every name this deployment gives to things in shared services,
	 * followed by {@code part} and a colon: {@code <key-prefix>keel:<id>:<part>:}. Only
	 * for deployments that use Redis: the first call claims the id there.
	 */
	public String keys(String part) {
		return name(part) + ":";
	}

	/**
	 * The name of one thing this deployment keeps in a shared service, such as a queue:
	 * {@code <key-prefix>keel:<id>:<part>}. The first call claims the id in Redis, as
	 * {@link #keys} does.
	 */
	public synchronized String name(String part) {
		if (!this.claimed) {
			claim();
			this.claimed = true;
		}
		return this.prefix + "keel:" + this.id + ":" + part;
	}

	private void claim() {
		String fingerprint = this.database.fingerprint();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(this.redis.getObject());
			String owner = owner(redis, fingerprint);
			if (!fingerprint.equals(owner)) {
				String copied = this.id;
				this.jdbc.sql("UPDATE keel_deployment SET id = :fresh WHERE id = :copied")
					.param("fresh", UUID.randomUUID().toString())
					.param("copied", copied)
					.update();
				// Another instance on this copy may have renewed it first: its id holds.
				this.id = readId();
				owner(redis, fingerprint);
				log.warn("This database carries deployment {} of another database ({}); it is a copy and is now "
						+ "deployment {}", copied, owner, this.id);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Deployment {} not checked against Redis, which did not answer: {}", this.id, ex.toString());
		}
	}

	private @Nullable String owner(StringRedisTemplate redis, String fingerprint) {
		String key = this.prefix + "keel:" + this.id + ":owner";
		Boolean first = redis.opsForValue().setIfAbsent(key, fingerprint);
		return Boolean.TRUE.equals(first) ? fingerprint : redis.opsForValue().get(key);
	}

	private String readId() {
		return this.jdbc.sql("SELECT id FROM keel_deployment").query(String.class).single();
	}

}
