package dev.keel.platform;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who this deployment is: an id created with its database schema, so every instance on
 * one database shares it and a new or re-created database gets a new one. Whatever the
 * deployment keeps in a shared service (Redis keys, and queue names) is named under
 * {@link #keys}, so two deployments sharing a Redis never see each other's data, and
 * neither does a re-created database see what the old one left.
 */
@Component
public final class Deployment {

	private final String id;

	private final String keys;

	Deployment(JdbcClient jdbc, DeploymentProperties properties) {
		this.id = jdbc.sql("SELECT id FROM keel_deployment").query(String.class).single();
		this.keys = properties.keyPrefix() + "keel:" + this.id + ":";
	}

	/** The id generated with the schema. */
	public String id() {
		return this.id;
	}

	/**
	 * The prefix of every name this deployment gives to things in shared services,
	 * followed by {@code part} and a colon: {@code <key-prefix>keel:<id>:<part>:}.
	 */
	public String keys(String part) {
		return this.keys + part + ":";
	}

}
