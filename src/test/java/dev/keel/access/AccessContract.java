package dev.keel.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.keel.platform.Http;
import dev.keel.platform.InternalRequests;

import static dev.keel.access.AccessClient.assertProblem;
import static dev.keel.access.AccessClient.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys and limits as a client sees them, run once on the embedded storage (limits
 * in-process) and once on PostgreSQL and Redis (limits in Redis), with keys required and
 * limits on. Each test is a client of its own: keys with new names, and an address of its
 * own for what it sends without a key, so no test uses up another's limits.
 * <p>
 * The concrete classes set {@link #KEYS_REQUIRED} and the limits below on themselves: an
 * inlined property declared on the test class wins over the same property set by the
 * {@code @OnEmbeddedStorage} or {@code @OnPostgresAndRedis} annotation on it (which turn
 * keys and limits off for the other modules' tests), and {@link #keysAndLimitsAreOnHere}
 * proves it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SettableClock.Installed.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class AccessContract {

	static final String KEYS_REQUIRED = "keel.security.require-keys=true";

	static final String LIMITS_ON = "keel.limits.enabled=true";

	// Few enough that a test uses them up in a moment, and none come back during it.
	static final String ANONYMOUS_READS = "keel.limits.roles.anonymous.reads.rate=20/1h";

	static final String ANONYMOUS_READS_BURST = "keel.limits.roles.anonymous.reads.burst=20";

	private static final Pattern KEY = Pattern.compile("keel_[A-Za-z0-9_-]{43}");

	private static final Pattern RATE_LIMIT = Pattern.compile("\"([a-z-]+)\";r=(\\d+);t=(\\d+)");

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys keys;

	@Autowired
	InternalRequests internal;

	@Autowired
	MeterRegistry meters;

	@Autowired
	SettableClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SecuritySettings security;

	@Autowired
	LimitSettings limits;

	AccessClient client;

	/** This test's address, as the load balancer names it, for requests without a key. */
	String address;

	@BeforeEach
	void beAClientOfItsOwn() {
		this.client = new AccessClient(this.port);
		this.address = randomAddress();
	}

	static String randomAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

	@Test
	void keysAndLimitsAreOnHere() {
		assertThat(this.security.requireKeys()).isTrue();
		assertThat(this.security.keyedReads()).isFalse();
		assertThat(this.limits.enabled()).isTrue();
	}

	@Test
	void eachRoleReachesItsRouteGroupsAndNoFurther() {
		List<String> seen = new ArrayList<>();
		for (Role role : new Role[] { null, Role.READER, Role.WRITER, Role.ADMIN }) {
			String key = (role != null) ? key(role) : null;
			for (Route route : Route.values()) {
				Http.Reply reply = route.call(this.client).key(key).from(this.address).send();
				Role required = route.group.required(false);
				String as = route + " as " + ((role != null) ? role : "no key");
				if (required == null || (role != null && role.includes(required))) {
					assertThat(reply.status()).as(as + ": " + reply.body()).isEqualTo(route.served);
					assertThat(reply.header("RateLimit-Policy")).as(as).startsWith("\"" + route.group + "\";");
					seen.add(as);
				}
				else if (role == null) {
					assertUnauthorized(reply, "Authorization");
					assertThat(reply.detail()).as(as).contains("role " + required, route.group.toString());
				}
				else {
					assertProblem(reply, 403, "Authorization");
					assertThat(reply.header("WWW-Authenticate")).as(as).isNull();
					assertThat(reply.detail()).as(as).contains(role.toString(), "role " + required);
				}
			}
		}
		// Reads for all; the writer adds writes and batches; the admin everything.
		assertThat(seen).hasSize(1 + 1 + 3 + Route.values().length);
	}

	@Test
	void healthAnswersEveryoneAndShowsDetailsToAdminsOnly() {
		Http.Reply anyone = this.client.get("/actuator/health").send();
		assertThat(anyone.status()).isEqualTo(200);
		assertThat(anyone.header("RateLimit")).isNull();
		assertThat(anyone.json().path("components").path("diskSpace").has("details")).isFalse();
		Http.Reply reader = this.client.get("/actuator/health").key(key(Role.READER)).send();
		assertThat(reader.json().path("components").path("diskSpace").has("details")).isFalse();
		Http.Reply admin = this.client.get("/actuator/health").key(key(Role.ADMIN)).send();
		assertThat(admin.status()).isEqualTo(200);
		assertThat(admin.json().path("components").path("diskSpace").has("details")).as(admin.body()).isTrue();
	}

	@Test
	void aPathSpelledOtherwiseIsInTheGroupOfThePathItMatches() {
		String writer = key(Role.WRITER);
		for (String spelling : List.of("/%61dmin/api-keys", "/admin/%61pi-keys", "/%73tats/")) {
			String method = spelling.startsWith("/%73") ? "DELETE" : "POST";
			Http.Reply reply = this.client.call(method, spelling)
				.key(writer)
				.body("application/json", "{\"name\": \"" + unique("sneaky") + "\", \"role\": \"admin\"}")
				.send();
			assertThat(reply.status()).as(spelling + ": " + reply.body()).isEqualTo(403);
		}
	}

	@Test
	void madeUpKeysFromOneAddressStopCostingTheDatabaseAQueryEach() {
		int sent = 0;
		Http.Reply reply;
		do {
			String madeUp = "keel_" + KeySecret.generate().substring(5);
			reply = this.client.get("/authors").key(madeUp).from(this.address).send();
			sent++;
		}
		while (reply.status() == 401 && sent < 1_000);
		assertThat(reply.status()).as(reply.body()).isEqualTo(429);
		assertThat(sent - 1).as("lookups before the first refusal")
			.isGreaterThanOrEqualTo((int) RequestLimits.KEY_LOOKUPS.burst());
		assertThat(reply.detail()).contains("key-lookups");
		assertThat(reply.header("Retry-After")).isNotNull();
		String valid = key(Role.READER);
		assertThat(this.client.get("/authors").key(valid).send().status()).as("another address").isEqualTo(200);
	}

	@Test
	void refusesMalformedUnknownRevokedAndExpiredKeysEvenWhereNoKeyIsNeeded() {
		String admin = key(Role.ADMIN);
		String revoked = key(Role.WRITER);
		String revokedName = name(revoked);
		Http.Reply revoke = this.client.call("DELETE", "/admin/api-keys/" + revokedName).key(admin).send();
		assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
		JsonNode expiring = this.client.create(admin, """
				{"name":"%s","role":"reader","expires_at":"%s"}""".formatted(unique("expiring"),
				this.clock.instant().plus(Duration.ofHours(1))));
		String expired = expiring.path("key").asString();
		assertThat(read(expired).status()).isEqualTo(200);
		this.clock.advance(Duration.ofHours(2));
		String unknown = "keel_" + "A".repeat(43);
		double before = refused("invalid-key", "reads");

		List<String> secrets = List.of(admin, revoked, expired, unknown);
		List<Http.Reply> replies = new ArrayList<>();
		for (String value : List.of("Bearer nonsense", "Bearer keel_short", "Bearer " + unknown + "x", "Bearer ",
				"Basic " + admin, "Token " + admin, admin, "Bearer " + unknown)) {
			Http.Reply reply = this.client.get("/authors").header("Authorization", value).send();
			assertUnauthorized(reply, "Authorization");
			replies.add(reply);
		}
		Http.Reply wasRevoked = read(revoked);
		assertUnauthorized(wasRevoked, "Authorization");
		assertThat(wasRevoked.detail()).contains("revoked");
		Http.Reply hasExpired = read(expired);
		assertUnauthorized(hasExpired, "Authorization");
		assertThat(hasExpired.detail()).contains("expired");
		replies.add(wasRevoked);
		replies.add(hasExpired);
		Http.Reply twice = this.client.get("/authors")
			.header("Authorization", "Bearer " + admin)
			.header("Authorization", "Bearer " + admin)
			.send();
		assertUnauthorized(twice, "Authorization");
		replies.add(twice);

		assertThat(refused("invalid-key", "reads") - before).isEqualTo(replies.size());
		for (Http.Reply reply : replies) {
			assertThat(reply.header("RateLimit")).isNull();
			for (String secret : secrets) {
				assertThat(reply.body()).doesNotContain(secret).doesNotContain(secret.substring(5));
			}
		}
	}

	@Test
	void takesTheKeyFromXApiKeyAsFromAuthorizationButNotFromBoth() {
		String writer = key(Role.WRITER);
		String reader = key(Role.READER);
		long authors = authors();
		Http.Reply created = Route.WRITES.call(this.client).header("X-API-Key", writer).send();
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.header("RateLimit-Policy")).startsWith("\"writes\";");
		assertProblem(Route.WRITES.call(this.client).header("X-API-Key", reader).send(), 403, "Authorization");
		assertUnauthorized(this.client.get("/authors").header("X-API-Key", "keel_" + "B".repeat(43)).send(),
				"X-API-Key");
		assertUnauthorized(this.client.get("/authors").header("X-API-Key", "not-a-key").send(), "X-API-Key");
		Http.Reply both = Route.WRITES.call(this.client).key(writer).header("X-API-Key", writer).send();
		assertUnauthorized(both, "X-API-Key");
		assertThat(both.body()).doesNotContain(writer);
		assertThat(authors()).isEqualTo(authors + 1);
	}

	@Test
	void refusesKeysInTheQueryStringNamingTheParameterAndChangesNothing() {
		String writer = key(Role.WRITER);
		long authors = authors();
		double before = refused("key-in-query", "writes");
		for (String parameter : List.of("api_key", "API_KEY", "apikey", "access_token", "token", "key")) {
			Http.Reply reply = this.client.call("POST", "/authors?" + parameter + "=" + writer)
				.key(writer)
				.json("{\"name\":\"Query\"}")
				.send();
			assertProblem(reply, 400, parameter);
			assertThat(reply.body()).doesNotContain(writer).doesNotContain(writer.substring(5));
		}
		// Any parameter whose value looks like a key, whatever its name or encoding.
		Http.Reply named = this.client.call("POST", "/authors?q=" + writer).key(writer).json("{\"name\":\"Q\"}").send();
		assertProblem(named, 400, "q");
		assertProblem(this.client.call("POST", "/authors?note=%6Beel_x").key(writer).json("{\"name\":\"Q\"}").send(),
				400, "note");
		assertProblem(this.client.call("POST", "/authors?api%5Fkey").key(writer).json("{\"name\":\"Q\"}").send(), 400,
				"api_key");
		assertThat(authors()).isEqualTo(authors);
		assertThat(refused("key-in-query", "writes") - before).isEqualTo(9);
		assertProblem(this.client.get("/authors?token=" + writer).from(this.address).send(), 400, "token");
	}

	// Spring Security's firewall came with the keys: what it refuses must still be a 400
	// problem, and names and values the platform checks itself are left to it.
	@Test
	void requestsTheFirewallOrThePlatformRefusesAreProblemsNot500s() {
		String writer = key(Role.WRITER);
		for (String target : List.of("/authors?%20=1", "/authors?a%09b=1", "/authors?limit=%C2%85")) {
			Http.Reply reply = this.client.get(target).key(writer).send();
			assertThat(reply.status()).as(target + ": " + reply.body()).isEqualTo(400);
			assertThat(reply.json().has("field")).as(reply.body()).isTrue();
		}
		Http.Reply form = this.client.call("POST", "/rates")
			.key(writer)
			.body("application/x-www-form-urlencoded", "%20=1")
			.send();
		assertThat(form.status()).as(form.body()).isEqualTo(400);
		assertThat(form.json().has("field")).as(form.body()).isTrue();
		for (String target : List.of("/api/a//b", "/api/a;x=1", "/api/%2e%2e/stats/", "/api/a%2Fb")) {
			Http.Reply reply = this.client.get(target).key(writer).send();
			assertThat(reply.status()).as(target + ": " + reply.body()).isEqualTo(400);
			assertThat(reply.detail()).as(target).isNotBlank();
		}
		Http.Reply doubled = this.client.get("/api/a//b").send();
		assertThat(doubled.detail()).startsWith("path: refused as ambiguous").contains("\"//\"");
		assertThat(doubled.json().path("field").asString()).isEqualTo("path");
	}

	@Test
	void countsEachRefusalByReasonAndRouteGroup() {
		String reader = key(Role.READER);
		String admin = key(Role.ADMIN);
		double missing = refused("missing-key", "writes");
		double wrongRole = refused("wrong-role", "admin");
		double invalid = refused("invalid-key", "test-runs");
		assertUnauthorized(Route.WRITES.call(this.client).from(this.address).send(), "Authorization");
		assertProblem(Route.ADMIN_KEYS.call(this.client).key(reader).send(), 403, "Authorization");
		assertUnauthorized(Route.TEST_RUNS.call(this.client).key("keel_" + "C".repeat(43)).send(), "Authorization");
		assertThat(refused("missing-key", "writes") - missing).isEqualTo(1);
		assertThat(refused("wrong-role", "admin") - wrongRole).isEqualTo(1);
		assertThat(refused("invalid-key", "test-runs") - invalid).isEqualTo(1);

		String scrape = this.client.get("/actuator/prometheus").key(admin).send().body();
		assertThat(scrape).containsPattern("keel_access_refused_total\\{group=\"admin\",reason=\"wrong-role\"\\} \\d+");
		assertThat(scrape).doesNotContain(reader.substring(5)).doesNotContain(admin.substring(5));
	}

	@Test
	void managesKeysThroughTheAdminApiShowingEachSecretOnce() {
		String admin = key(Role.ADMIN);
		String name = unique("ci");
		Http.Reply created = this.client.call("POST", "/admin/api-keys")
			.key(admin)
			.json("{\"name\":\"%s\",\"role\":\"writer\",\"rate_limit\":\"100/60s\"}".formatted(name))
			.send();
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.location()).isEqualTo("/admin/api-keys/" + name);
		JsonNode key = created.json();
		assertThat(key.propertyNames()).containsExactly("name", "role", "rate_limit", "created_at", "expires_at",
				"key");
		assertThat(key.path("role").asString()).isEqualTo("writer");
		assertThat(key.path("rate_limit").asString()).isEqualTo("100/1m");
		String secret = key.path("key").asString();
		assertThat(secret).matches(KEY);
		String digest = KeySecret.digest(secret);

		Http.Reply one = this.client.get("/admin/api-keys/" + name).key(admin).send();
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.json().propertyNames()).containsExactly("name", "role", "rate_limit", "created_at", "expires_at",
				"revoked_at");
		Http.Reply all = this.client.get("/admin/api-keys").key(admin).send();
		assertThat(all.status()).isEqualTo(200);
		assertThat(all.json().path("items").valueStream().map(item -> item.path("name").asString())).contains(name);
		assertThat(one.body()).doesNotContain("keel_").doesNotContain(digest);
		assertThat(all.body()).doesNotContain(secret.substring(5)).doesNotContain(digest);
		assertThat(this.jdbc.sql("SELECT digest FROM api_keys WHERE name = :name")
			.param("name", name)
			.query(String.class)
			.single()).isEqualTo(digest);

		Http.Reply taken = this.client.call("POST", "/admin/api-keys")
			.key(admin)
			.json("{\"name\":\"%s\",\"role\":\"reader\"}".formatted(name))
			.send();
		assertProblem(taken, 409, "name");

		Http.Reply revoked = this.client.call("DELETE", "/admin/api-keys/" + name).key(admin).send();
		assertThat(revoked.status()).isEqualTo(200);
		String revokedAt = revoked.json().path("revoked_at").asString();
		assertThat(Instant.parse(revokedAt)).isNotNull();
		Http.Reply again = this.client.call("DELETE", "/admin/api-keys/" + name).key(admin).send();
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("revoked_at").asString()).isEqualTo(revokedAt);
		assertUnauthorized(read(secret), "Authorization");
		assertProblem(this.client.call("DELETE", "/admin/api-keys/" + unique("none")).key(admin).send(), 404, "name");
		assertProblem(this.client.get("/admin/api-keys/" + unique("none")).key(admin).send(), 404, "name");

		// The name of a revoked key may be given again; its old secret stays refused.
		JsonNode renewed = this.client.create(admin, "{\"name\":\"%s\",\"role\":\"reader\"}".formatted(name));
		String newSecret = renewed.path("key").asString();
		assertThat(newSecret).matches(KEY).isNotEqualTo(secret);
		assertThat(read(newSecret).status()).isEqualTo(200);
		assertUnauthorized(read(secret), "Authorization");
		assertThat(this.client.get("/admin/api-keys/" + name).key(admin).send().json().path("revoked_at").isNull())
			.isTrue();
	}

	@Test
	void refusesKeysItCannotCreateNamingTheFieldAndStoresNothing() {
		String admin = key(Role.ADMIN);
		long stored = this.jdbc.sql("SELECT COUNT(*) FROM api_keys").query(Long.class).single();
		String name = unique("bad");
		record Refused(String body, int status, String field) {
		}
		List<Refused> refused = List.of(new Refused("{\"name\":\"%s\",\"role\":\"owner\"}", 400, "role"),
				new Refused("{\"name\":\"%s\",\"role\":\"Admin\"}", 400, "role"),
				new Refused("{\"name\":\"%s\"}", 400, "role"),
				new Refused("{\"name\":\"%s\",\"role\":\"reader\",\"rate_limit\":\"lots\"}", 400, "rate_limit"),
				new Refused("{\"name\":\"%s\",\"role\":\"reader\",\"rate_limit\":\"0/1m\"}", 400, "rate_limit"),
				new Refused("{\"name\":\"%s\",\"role\":\"reader\",\"rate_limit\":\"10/1w\"}", 400, "rate_limit"),
				new Refused("{\"name\":\"%s\",\"role\":\"reader\",\"rate_limit\":\"10\"}", 400, "rate_limit"),
				new Refused("{\"name\":\"%s\",\"role\":\"reader\",\"expires_at\":\"2020-01-01T00:00:00Z\"}", 400,
						"expires_at"),
				new Refused("{\"name\":\"%s\",\"role\":\"reader\",\"secret\":\"x\"}", 400, "secret"),
				new Refused("{\"role\":\"reader\"%s}", 400, "name"));
		for (Refused each : refused) {
			Http.Reply reply = this.client.call("POST", "/admin/api-keys")
				.key(admin)
				.json(each.body().formatted(each.body().startsWith("{\"role") ? "" : name))
				.send();
			assertProblem(reply, each.status(), each.field());
		}
		for (String reserved : List.of("anonymous", "internal", "Anonymous", "INTERNAL", "", "-x", "a b", "a/b",
				"x".repeat(65))) {
			Http.Reply reply = this.client.call("POST", "/admin/api-keys")
				.key(admin)
				.json("{\"name\":\"%s\",\"role\":\"reader\"}".formatted(reserved))
				.send();
			assertProblem(reply, 400, "name");
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM api_keys").query(Long.class).single()).isEqualTo(stored);
	}

	@Test
	void everyLimitedAnswerSaysWhereItsClientStandsAndTheLastIsA429() {
		for (int i = 0; i < 20; i++) {
			// One in four a 400: refused input is limited all the same.
			Http.Reply reply = this.client.get((i % 4 == 3) ? "/authors?limit=abc" : "/authors")
				.from(this.address)
				.send();
			assertThat(reply.status()).as(reply.body()).isEqualTo((i % 4 == 3) ? 400 : 200);
			assertThat(reply.header("RateLimit-Policy")).isEqualTo("\"reads\";q=20;w=3600");
			assertThat(remaining(reply, "reads")).isEqualTo(19 - i);
		}
		Http.Reply refused = this.client.get("/authors").from(this.address).send();
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.detail()).contains("reads");
		assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"reads\";q=20;w=3600");
		assertThat(remaining(refused, "reads")).isZero();
		long retryAfter = Long.parseLong(refused.header("Retry-After"));
		assertThat(retryAfter).isBetween(3000L, 3600L);
		assertThat(untilMore(refused)).isEqualTo(retryAfter);

		// Another address is another client.
		Http.Reply elsewhere = this.client.get("/authors").from(randomAddress()).send();
		assertThat(elsewhere.status()).isEqualTo(200);
		assertThat(remaining(elsewhere, "reads")).isEqualTo(19);
		// A key is a client of its own too, however the address.
		Http.Reply keyed = this.client.get("/authors").key(key(Role.READER)).from(this.address).send();
		assertThat(keyed.status()).isEqualTo(200);
	}

	@Test
	void twoKeysNeverShareABucket() {
		String first = keyLimitedTo(Role.READER, "2/1h");
		String second = keyLimitedTo(Role.READER, "2/1h");
		assertThat(read(first).status()).isEqualTo(200);
		assertThat(read(first).status()).isEqualTo(200);
		Http.Reply refused = read(first);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"key\";q=2;w=3600");
		assertThat(refused.header("Retry-After")).isNotBlank();
		Http.Reply other = read(second);
		assertThat(other.status()).isEqualTo(200);
		assertThat(remaining(other, "key")).isEqualTo(1);
	}

	@Test
	void aKeyWithALimitOfItsOwnHasOneBucketForAllItsRequests() {
		String writer = keyLimitedTo(Role.WRITER, "4/1h");
		List<Http.Reply> replies = List.of(read(writer), Route.WRITES.call(this.client).key(writer).send(),
				Route.BATCHES.call(this.client).key(writer).send(), read(writer));
		for (int i = 0; i < replies.size(); i++) {
			Http.Reply reply = replies.get(i);
			assertThat(reply.status()).as(reply.body()).isLessThan(429);
			assertThat(reply.header("RateLimit-Policy")).isEqualTo("\"key\";q=4;w=3600");
			assertThat(remaining(reply, "key")).isEqualTo(3 - i);
		}
		for (Route route : List.of(Route.READS, Route.WRITES, Route.BATCHES)) {
			Http.Reply refused = route.call(this.client).key(writer).send();
			assertThat(refused.status()).as(route.toString()).isEqualTo(429);
			assertThat(refused.header("Retry-After")).isNotBlank();
		}
		// The role's own buckets were never touched: a key of the same role without a
		// limit
		// of its own is served.
		assertThat(Route.WRITES.call(this.client).key(key(Role.WRITER)).send().status()).isEqualTo(201);
	}

	@Test
	void requestsTheInstanceSendsItselfAreNeitherLimitedNorCountedAgainstAnyone() {
		for (int i = 0; i < 20; i++) {
			assertThat(this.client.get("/authors").from(this.address).send().status()).isEqualTo(200);
		}
		assertThat(this.client.get("/authors").from(this.address).send().status()).isEqualTo(429);
		for (int i = 0; i < 3; i++) {
			Http.Reply own = this.client.get("/authors")
				.from(this.address)
				.header(InternalRequests.HEADER, this.internal.token())
				.send();
			assertThat(own.status()).isEqualTo(200);
			assertThat(own.header("RateLimit-Policy")).isNull();
			assertThat(own.header("RateLimit")).isNull();
		}
		// A mark this process did not make is no mark: the sender is who it is.
		for (String forged : List.of("x", this.internal.token() + "x", this.internal.token().toUpperCase(), "")) {
			Http.Reply reply = this.client.get("/authors")
				.from(this.address)
				.header(InternalRequests.HEADER, forged)
				.send();
			assertThat(reply.status()).as(forged).isEqualTo(429);
		}
		// Marked requests may only read.
		Http.Reply write = Route.WRITES.call(this.client).header(InternalRequests.HEADER, this.internal.token()).send();
		assertThat(write.status()).as(write.body()).isIn(401, 403);
	}

	@Test
	void keysNeverAppearInTheLog(CapturedOutput output) {
		String admin = key(Role.ADMIN);
		String writer = key(Role.WRITER);
		String revoked = key(Role.READER);
		this.client.call("DELETE", "/admin/api-keys/" + name(revoked)).key(admin).send();
		String unknown = "keel_" + UUID.randomUUID().toString().replace("-", "") + "abcdefghijk";
		List<String> secrets = List.of(admin, writer, revoked, unknown);
		assertThat(read(writer).status()).isEqualTo(200);
		assertThat(Route.WRITES.call(this.client).key(writer).send().status()).isEqualTo(201);
		assertThat(read(revoked).status()).isEqualTo(401);
		assertThat(read(unknown).status()).isEqualTo(401);
		assertThat(this.client.get("/authors").header("Authorization", "Basic " + writer).send().status())
			.isEqualTo(401);
		assertThat(this.client.get("/authors").key(writer).header("X-API-Key", admin).send().status()).isEqualTo(401);
		assertThat(this.client.get("/authors?api_key=" + admin).send().status()).isEqualTo(400);
		assertThat(this.client.get("/authors?x=" + writer).send().status()).isEqualTo(400);
		assertThat(this.client.get("/admin/api-keys/" + admin).key(admin).send().status()).isEqualTo(404);
		assertThat(this.client.call("POST", "/admin/api-keys")
			.key(admin)
			.json("{\"name\":\"%s\",\"role\":\"%s\"}".formatted(unique("log"), writer))
			.send()
			.status()).isEqualTo(400);
		for (String secret : secrets) {
			assertThat(output.getAll()).doesNotContain(secret.substring(5));
		}
	}

	@Test
	void theApiKeysCommandCreatesListsAndRevokesKeys(CapturedOutput output) {
		String name = unique("cli");
		Command created = command(output, "api-keys", "create", "--name", name, "--role", "writer", "--rate-limit",
				"10/1m");
		assertThat(created.exitCode()).as(created.err()).isZero();
		List<String> lines = created.out().lines().toList();
		assertThat(lines).hasSizeGreaterThan(1);
		String secret = lines.getLast();
		assertThat(secret).matches(KEY);
		assertThat(String.join("\n", lines.subList(0, lines.size() - 1))).contains(name, "writer", "10/1m")
			.doesNotContain(secret.substring(5));
		Http.Reply served = Route.WRITES.call(this.client).key(secret).send();
		assertThat(served.status()).isEqualTo(201);
		assertThat(served.header("RateLimit-Policy")).isEqualTo("\"key\";q=10;w=60");

		Command listed = command(output, "api-keys", "list");
		assertThat(listed.exitCode()).isZero();
		assertThat(listed.out().lines().filter(line -> line.startsWith(name + " ")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("writer", "10/1m", "active");
		assertThat(listed.out()).doesNotContain(secret.substring(5)).doesNotContain(KeySecret.digest(secret));

		Command revoked = command(output, "api-keys", "revoke", name);
		assertThat(revoked.exitCode()).as(revoked.err()).isZero();
		assertThat(revoked.out()).contains("Revoked '" + name + "'");
		assertUnauthorized(read(secret), "Authorization");
		assertThat(command(output, "api-keys", "list").out().lines().filter(line -> line.startsWith(name + " ")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("revoked");
	}

	@Test
	void theApiKeysCommandRefusesWhatItCannotDoNamingTheOption(CapturedOutput output) {
		long stored = this.jdbc.sql("SELECT COUNT(*) FROM api_keys").query(Long.class).single();
		String name = unique("cli");
		Command role = command(output, "api-keys", "create", "--name", name, "--role", "owner");
		assertThat(role.exitCode()).isEqualTo(2);
		assertThat(role.err()).contains("--role").contains("owner");
		for (String limit : List.of("lots", "0/1m", "10/1w", "10")) {
			Command bad = command(output, "api-keys", "create", "--name", name, "--role", "reader", "--rate-limit",
					limit);
			assertThat(bad.exitCode()).as(limit).isEqualTo(2);
			assertThat(bad.err()).as(limit).contains("--rate-limit");
		}
		Command reserved = command(output, "api-keys", "create", "--name=anonymous", "--role=reader");
		assertThat(reserved.exitCode()).isEqualTo(2);
		assertThat(reserved.err()).contains("--name");
		Command missing = command(output, "api-keys", "create", "--name", name);
		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).contains("--role");
		Command unknown = command(output, "api-keys", "revoke", unique("none"));
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(command(output, "api-keys", "rotate").exitCode()).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM api_keys").query(Long.class).single()).isEqualTo(stored);
	}

	/** A new key of {@code role}; its name is {@link #name}'s. */
	String key(Role role) {
		return this.keys.create(unique(role.toString()), role, null, null).key();
	}

	String keyLimitedTo(Role role, String rateLimit) {
		return this.keys.create(unique(role.toString()), role, rateLimit, null).key();
	}

	/** The name of the key whose secret is {@code secret}. */
	String name(String secret) {
		return this.keys.find(secret).orElseThrow().name();
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
	}

	Http.Reply read(String secret) {
		return Route.READS.call(this.client).key(secret).send();
	}

	long authors() {
		return this.jdbc.sql("SELECT COUNT(*) FROM authors").query(Long.class).single();
	}

	double refused(String reason, String group) {
		Counter counter = this.meters.find("keel.access.refused").tag("reason", reason).tag("group", group).counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** {@code r} of the {@code RateLimit} header, which must be of {@code policy}. */
	static long remaining(Http.Reply reply, String policy) {
		Matcher matcher = rateLimit(reply);
		assertThat(matcher.group(1)).isEqualTo(policy);
		return Long.parseLong(matcher.group(2));
	}

	/** {@code t} of the {@code RateLimit} header. */
	static long untilMore(Http.Reply reply) {
		return Long.parseLong(rateLimit(reply).group(3));
	}

	private static Matcher rateLimit(Http.Reply reply) {
		String header = reply.header("RateLimit");
		assertThat(header).as("RateLimit of " + reply.status()).isNotNull();
		Matcher matcher = RATE_LIMIT.matcher(header);
		assertThat(matcher.matches()).as(header).isTrue();
		return matcher;
	}

	/** Runs {@code api-keys} as the jar would, in this application. */
	Command command(CapturedOutput output, String... args) {
		int out = output.getOut().length();
		int err = output.getErr().length();
		ApiKeysCommand command = new ApiKeysCommand(this.keys);
		command.run(new DefaultApplicationArguments(args));
		return new Command(command.getExitCode(), output.getOut().substring(out), output.getErr().substring(err));
	}

	record Command(int exitCode, String out, String err) {
	}

	/** One request of each route group (three of admin's), and what serves it. */
	enum Route {

		READS(RouteGroup.READS, "GET", "/authors", null, 200),
		WRITES(RouteGroup.WRITES, "POST", "/authors", "{\"name\":\"Access Tests\"}", 201),
		// No rows at all is refused, once the upload is let through to the batch reader.
		BATCHES(RouteGroup.BATCHES, "POST", "/rates/batches", "origin_code,destination_code,day,price\n", 400),
		TEST_RUNS(RouteGroup.TEST_RUNS, "POST", "/test/1/", null, 202),
		STATS_RESET(RouteGroup.ADMIN, "DELETE", "/stats/", null, 204),
		ADMIN_KEYS(RouteGroup.ADMIN, "GET", "/admin/api-keys", null, 200),
		METRICS(RouteGroup.ADMIN, "GET", "/actuator/prometheus", null, 200);

		final RouteGroup group;

		private final String method;

		private final String path;

		private final @Nullable String body;

		final int served;

		Route(RouteGroup group, String method, String path, @Nullable String body, int served) {
			this.group = group;
			this.method = method;
			this.path = path;
			this.body = body;
			this.served = served;
		}

		AccessClient.Call call(AccessClient client) {
			AccessClient.Call call = client.call(this.method, this.path);
			if (this.body == null) {
				return call;
			}
			return call.body(this.body.startsWith("{") ? "application/json" : "text/csv", this.body);
		}

	}

}
