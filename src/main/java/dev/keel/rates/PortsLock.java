package dev.keel.rates;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.keel.platform.Database;

/**
 * What keeps every price's ports in {@code ports} on PostgreSQL, where {@code prices} has
 * no foreign keys (they cost more than half of a large batch's apply). A writer of prices
 * holds ports in SHARE mode while it checks its ports and writes, so no port can go until
 * it commits; the import, which replaces the ports, takes SHARE ROW EXCLUSIVE before it
 * deletes anything, so it waits for the writers in flight and they wait for it, then find
 * its ports. Readers take neither. On H2 the foreign keys stay and these do nothing.
 */
@Component
class PortsLock {

	private final JdbcClient jdbc;

	private final boolean postgres;

	PortsLock(JdbcClient jdbc, Database database) {
		this.jdbc = jdbc;
		this.postgres = database.isPostgres();
	}

	/** Until the transaction ends, no port is removed; call before checking ports. */
	void holdPorts() {
		if (this.postgres) {
			this.jdbc.sql("LOCK TABLE ports IN SHARE MODE").update();
		}
	}

	/** Until the transaction ends, nobody writes prices; call before replacing ports. */
	void replacePorts() {
		if (this.postgres) {
			this.jdbc.sql("LOCK TABLE ports IN SHARE ROW EXCLUSIVE MODE").update();
		}
	}

}
