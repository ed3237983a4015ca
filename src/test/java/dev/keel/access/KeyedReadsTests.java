package dev.keel.access;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.keel.platform.Http;
import dev.keel.platform.OnEmbeddedStorage;

import static dev.keel.access.AccessClient.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code keel.security.reads=key}: where keys are required, reads need one too. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@OnEmbeddedStorage
@TestPropertySource(properties = { AccessContract.KEYS_REQUIRED, "keel.security.reads=key" })
class KeyedReadsTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys keys;

	@Test
	void readsNeedAReaderKeyAndHealthNone() {
		AccessClient client = new AccessClient(this.port);
		for (String path : new String[] { "/authors", "/rates/batches", "/api/x", "/stats/", "/v3/api-docs" }) {
			Http.Reply reply = client.get(path).send();
			assertUnauthorized(reply, "Authorization");
			assertThat(reply.detail()).as(path).contains("role reader", "reads");
		}
		assertThat(client.call("HEAD", "/authors").send().status()).isEqualTo(401);
		for (Role role : Role.values()) {
			String key = this.keys.create(AccessContract.unique(role.toString()), role, null, null).key();
			assertThat(client.get("/authors").key(key).send().status()).as(role.toString()).isEqualTo(200);
		}
		assertThat(client.get("/actuator/health").send().status()).isEqualTo(200);
		assertThat(client.get("/actuator/health/readiness").send().status()).isEqualTo(200);
	}

}
