package dev.keel.platform;

import java.util.List;

/** {@link WritePolicyContract} on the production profile's PostgreSQL. */
@RequiresServices
class WritePolicyOnPostgresTests extends WritePolicyContract {

	@Override
	List<String> database() {
		return List.of("--spring.profiles.active=production", "--spring.datasource.url=" + ServicesAvailable.DB_URL,
				"--spring.datasource.username=" + ServicesAvailable.DB_USER);
	}

}
