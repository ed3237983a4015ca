package dev.keel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container files keep their promises (docs/containers.md): no container engine runs
 * where the tests do, so compose.yaml is checked by Compose's own parser
 * ({@code deploy/check-compose}) and its structure here, and the Dockerfile by what it
 * says.
 */
class ContainerFilesTests {

	private static final List<String> STORES = List.of("postgres", "redis", "rabbitmq");

	private static final List<String> INSTANCES = List.of("keel1", "keel2", "keel3");

	@Test
	void dockerComposeAcceptsTheComposeFile() throws Exception {
		boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
		boolean runnable = onPath("docker-compose")
				|| (onPath("apt-get") && "root".equals(System.getProperty("user.name")));
		if (!runnable) {
			String message = "docker-compose is missing and cannot be installed here (needs root and apt-get)";
			if (ci) {
				throw new IllegalStateException("FAILED (CI=true): " + message);
			}
			System.err.println("SKIPPED dockerComposeAcceptsTheComposeFile: " + message);
			Assumptions.abort(message);
		}
		Process process = new ProcessBuilder("deploy/check-compose").redirectErrorStream(true).start();
		process.getOutputStream().close();
		// Minutes only the first time, when the package is installed.
		boolean ended = process.waitFor(10, TimeUnit.MINUTES);
		if (!ended) {
			process.destroyForcibly();
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(ended).as("deploy/check-compose ended").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("compose.yaml is valid");
	}

	@Test
	void everyServiceHasAHealthcheckAndStartsAfterWhatItNeedsIsHealthy() throws IOException {
		Map<String, Map<String, Object>> services = services();
		assertThat(services).containsOnlyKeys("postgres", "redis", "rabbitmq", "keel1", "keel2", "keel3", "nginx");
		services.forEach((name, service) -> {
			assertThat(service).as(name).containsKey("healthcheck");
			List<?> test = (List<?>) map(service.get("healthcheck")).get("test");
			assertThat(test).as(name + " healthcheck").isNotEmpty();
			Map<String, Object> dependencies = map(service.getOrDefault("depends_on", Map.of()));
			dependencies
				.forEach((dependency, condition) -> assertThat(map(condition)).as(name + " depends on " + dependency)
					.containsEntry("condition", "service_healthy"));
		});
		INSTANCES
			.forEach((instance) -> assertThat(map(services.get(instance).get("depends_on"))).containsOnlyKeys(STORES));
		assertThat(map(services.get("nginx").get("depends_on"))).containsOnlyKeys(INSTANCES);
	}

	@Test
	void threeInstancesRunOneImageOnTheSharedStores() throws IOException {
		Map<String, Map<String, Object>> services = services();
		Map<String, Object> first = services.get("keel1");
		String balancer = (String) map(map(services.get("nginx").get("networks")).get("default")).get("ipv4_address");
		List<?> subnets = (List<?>) map(map(map(compose().get("networks")).get("default")).get("ipam")).get("config");
		String subnet = (String) map(subnets.get(0)).get("subnet");
		assertThat(balancer).startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1));
		assertThat(first.get("build")).isEqualTo(".");
		for (String instance : INSTANCES) {
			Map<String, Object> service = services.get(instance);
			assertThat(service.get("build")).as(instance).isEqualTo(first.get("build"));
			assertThat(service.get("image")).as(instance).isEqualTo(first.get("image"));
			Map<String, Object> environment = map(service.get("environment"));
			assertThat(environment).containsEntry("KEEL_DB_URL", "jdbc:postgresql://postgres:5432/keel")
				.containsEntry("KEEL_REDIS_URL", "redis://redis:6379");
			assertThat((String) environment.get("KEEL_RABBITMQ_URL")).endsWith("@rabbitmq:5672");
			// Requests in flight finish before the engine kills the instance.
			Duration shutdown = DurationStyle.SIMPLE.parse((String) environment.get("KEEL_SHUTDOWN_TIMEOUT"));
			Duration grace = DurationStyle.SIMPLE.parse((String) service.get("stop_grace_period"));
			assertThat(grace).as(instance + " stop_grace_period").isGreaterThan(shutdown);
			// The client's address is believed from nginx, and only from it.
			assertThat(Pattern.matches((String) environment.get("KEEL_TRUSTED_PROXIES"), balancer)).as(instance)
				.isTrue();
			assertThat(Pattern.matches((String) environment.get("KEEL_TRUSTED_PROXIES"), "10.211.0.100")).isFalse();
			// The healthcheck asks the port the actuator is on.
			String check = String.join(" ", strings(map(service.get("healthcheck")).get("test")));
			assertThat(check).contains(":" + environment.get("KEEL_MANAGEMENT_PORT") + "/actuator/health/readiness");
		}
	}

	@Test
	void theStoresKeepTheirDataInNamedVolumes() throws IOException {
		Map<String, Object> compose = compose();
		Map<String, Map<String, Object>> services = services();
		assertThat(map(compose.get("volumes"))).containsOnlyKeys("postgres-data", "redis-data", "rabbitmq-data");
		assertThat(strings(services.get("postgres").get("volumes")))
			.containsExactly("postgres-data:/var/lib/postgresql/data");
		assertThat(strings(services.get("redis").get("volumes"))).containsExactly("redis-data:/data");
		assertThat(String.join(" ", strings(services.get("redis").get("command")))).contains("--appendonly yes");
		assertThat(strings(services.get("rabbitmq").get("volumes"))).containsExactly("rabbitmq-data:/var/lib/rabbitmq");
		// RabbitMQ's data directory is named after the host: a random one would be lost.
		assertThat(services.get("rabbitmq")).containsEntry("hostname", "rabbitmq");
	}

	@Test
	void nginxPublishesAPortAndMountsTheRepositorysConfiguration() throws IOException {
		Map<String, Object> nginx = services().get("nginx");
		assertThat(strings(nginx.get("ports"))).singleElement().asString().endsWith(":80");
		List<String> mounts = strings(nginx.get("volumes"));
		assertThat(mounts).isNotEmpty();
		for (String mount : mounts) {
			// A missing source would be created by the engine as an empty directory.
			Path source = Path.of(mount.substring(0, mount.indexOf(':')));
			assertThat(source).as(mount).isRegularFile();
		}
		assertThat(mounts).anyMatch((mount) -> mount.startsWith("./deploy/nginx/keel.conf:"));
		String upstream = Files.readString(Path.of("deploy/nginx/compose.conf"));
		INSTANCES.forEach((instance) -> assertThat(upstream).contains("server " + instance + ":5000 "));
	}

	@Test
	void dockerfileBuildsWithTheWrapperAndRunsOnAJreAsAnotherUser() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
		List<String> from = lines.stream().filter((line) -> line.startsWith("FROM ")).toList();
		assertThat(from).containsExactly("FROM eclipse-temurin:21-jdk AS build", "FROM eclipse-temurin:21-jre");
		String dockerfile = String.join("\n", lines);
		assertThat(dockerfile).contains("RUN ./mvnw -q -B dependency:resolve dependency:resolve-plugins",
				"RUN ./mvnw -q -B package -DskipTests", "COPY --from=build /src/target/keel.jar /app/keel.jar",
				"SPRING_PROFILES_ACTIVE=production", "-XX:MaxRAMPercentage=", "EXPOSE 5000");
		List<String> users = lines.stream().filter((line) -> line.startsWith("USER ")).toList();
		assertThat(users).singleElement().asString().doesNotContain("root");
		assertThat(lines.indexOf(users.get(0))).isGreaterThan(lines.indexOf(from.get(1)));
		assertThat(dockerfile)
			.containsPattern("HEALTHCHECK [^\\n]*\\\\\\n\\s*CMD curl [^\\n]*/actuator/health/readiness");
		// The build context holds what the build stage copies, and not the build's
		// output.
		List<String> ignored = Files.readAllLines(Path.of(".dockerignore"));
		assertThat(ignored).contains(".git", "target", "data").doesNotContain("src", "pom.xml", "mvnw", ".mvn");
	}

	private static Map<String, Object> compose() throws IOException {
		return new Yaml().load(Files.readString(Path.of("compose.yaml")));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> services() throws IOException {
		return (Map<String, Map<String, Object>>) compose().get("services");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static List<String> strings(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return ((List<?>) value).stream().map(String::valueOf).toList();
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		return path != null && Stream.of(path.split(File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, command)));
	}

}
