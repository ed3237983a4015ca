package dev.keel.platform;

import java.util.List;
import java.util.UUID;

/**
 * {@link WritePolicyContract} on H2 (one in-memory database, shared by both instances in
 * this JVM) with the cache in Redis.
 */
@RequiresServices(postgres = false, rabbitmq = false)
class WritePolicyOnH2Tests extends WritePolicyContract {

	private final String database = "policy" + UUID.randomUUID().toString().replace("-", "");

	@Override
	List<String> database() {
		return List.of("--spring.datasource.url=jdbc:h2:mem:" + this.database + ";NON_KEYWORDS=DAY;DB_CLOSE_DELAY=-1");
	}

}
