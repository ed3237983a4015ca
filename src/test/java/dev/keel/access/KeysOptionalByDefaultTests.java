package dev.keel.access;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.keel.platform.Http;
import dev.keel.platform.OnEmbeddedStorage;

import static dev.keel.access.AccessClient.assertProblem;
import static dev.keel.access.AccessClient.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default: a newcomer without a key may do everything, but a key that is
 * sent must be valid, and is held to its role.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@OnEmbeddedStorage
class KeysOptionalByDefaultTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys keys;

	@Autowired
	SecuritySettings settings;

	@Test
	void withoutAKeyEveryRouteGroupIsServed() {
		assertThat(this.settings.requireKeys()).isFalse();
		AccessClient client = new AccessClient(this.port);
		for (AccessContract.Route route : AccessContract.Route.values()) {
			Http.Reply reply = route.call(client).send();
			assertThat(reply.status()).as(route + ": " + reply.body()).isEqualTo(route.served);
		}
	}

	@Test
	void aKeyThatIsSentMustBeValidAndIsHeldToItsRole() {
		AccessClient client = new AccessClient(this.port);
		String reader = this.keys.create(AccessContract.unique("reader"), Role.READER, null, null).key();
		String writer = this.keys.create(AccessContract.unique("writer"), Role.WRITER, null, null).key();
		assertThat(AccessContract.Route.READS.call(client).key(reader).send().status()).isEqualTo(200);
		Http.Reply write = AccessContract.Route.WRITES.call(client).key(reader).send();
		assertProblem(write, 403, "Authorization");
		assertThat(write.detail()).contains("reader", "role writer");
		assertProblem(AccessContract.Route.STATS_RESET.call(client).key(writer).send(), 403, "Authorization");
		assertThat(AccessContract.Route.WRITES.call(client).key(writer).send().status()).isEqualTo(201);
		assertUnauthorized(AccessContract.Route.READS.call(client).key("keel_" + "D".repeat(43)).send(),
				"Authorization");
		assertUnauthorized(AccessContract.Route.WRITES.call(client).header("Authorization", "Basic x").send(),
				"Authorization");
		assertUnauthorized(AccessContract.Route.READS.call(client).header("X-API-Key", "nonsense").send(), "X-API-Key");
		assertProblem(client.get("/authors?api_key=x").send(), 400, "api_key");
	}

}
