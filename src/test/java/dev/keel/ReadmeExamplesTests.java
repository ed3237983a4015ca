package dev.keel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.keel.ReadmeExamples.Answer;
import dev.keel.ReadmeExamples.Example;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example of the README, in order, against a fresh embedded Keel (H2 in a new data
 * folder, in-process cache), each answer compared with the one the README prints.
 * <p>
 * {@code curl} commands become the same requests through Java's HTTP client, sent to the
 * instance's random port instead of 5000. The other commands are known one by one
 * ({@link #COMMANDS}): starting the service, the rates import, and those skipped with
 * their reason (a curl command too, where it needs the outside network or another
 * profile). A command this test does not know fails it, so a new example is never skipped
 * unnoticed.
 * <p>
 * An answer is compared whole: the status, each header shown, and the JSON body, with the
 * same fields and values (in any field order). The only tolerances: a UUID printed in an
 * answer stands for whichever UUID Keel answered (and for that same one wherever the
 * README repeats it, later commands included); the fields of {@link #VARYING} only need
 * the same JSON type (and, for an array, the same length); and a test run's progress
 * ({@code GET /test/runs/{id}}) is asked again, for up to a minute, until its
 * {@code state} is the one printed, as a user typing the next command would see.
 */
class ReadmeExamplesTests {

	private static final Path README = Path.of("README.md");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	/** Fields whose values differ from run to run, as the README says next to them. */
	private static final Map<String, Set<String>> VARYING = Map.of("/test/runs/",
			Set.of("elapsed_ms", "requests_per_second", "segments"), "/rates/batches",
			Set.of("received_at", "applied_at", "apply_ms"), "/admin/api-keys",
			Set.of("created_at", "revoked_at", "key"));

	/**
	 * What each command of the README that is not an example to check means here: every
	 * command other than curl, and a curl command that needs the outside network or
	 * another profile (none today), skipped with the reason.
	 */
	private static final Map<String, String> COMMANDS = Map.of(
			// Quick start
			"./mvnw spring-boot:run", "start", //
			"./mvnw verify", "skip: runs this very suite", //
			"./mvnw -q package -DskipTests", "skip: builds the jar of the code this test runs from the class path",
			"java -jar target/keel.jar import-rates ../shared/data/ratestask/rates.sql", "import-rates", //
			"java -jar target/keel.jar", "start", //
			// Production profile
			"createdb -h localhost -U postgres keel", "skip: the production profile, on PostgreSQL and Redis",
			"KEEL_DB_URL=jdbc:postgresql://localhost:5432/keel KEEL_REDIS_URL=redis://localhost:6379 KEEL_RABBITMQ_URL=amqp://guest:guest@localhost:5672 java -jar target/keel.jar --spring.profiles.active=production",
			"skip: the production profile, on PostgreSQL, Redis and RabbitMQ",
			// API description
			"openapi-generator-cli generate -g java --library native -i http://localhost:5000/v3/api-docs -o keel-client",
			"skip: needs openapi-generator's command line; GeneratedClientTests generates the same client in the suite");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Map<String, String> uuids = new HashMap<>();

	@TempDir
	Path data;

	private @Nullable ConfigurableApplicationContext service;

	private int port;

	@AfterEach
	void stop() {
		if (this.service != null) {
			this.service.close();
		}
	}

	@Test
	void everyExampleAnswersAsPrinted() throws Exception {
		List<Example> examples = ReadmeExamples.parse(Files.readString(README)).examples();
		assertThat(examples).as("examples in the README").hasSizeGreaterThan(10);

		List<String> failures = new ArrayList<>();
		Set<String> known = new HashSet<>();
		for (Example example : examples) {
			if (example.words().getFirst().equals("curl") && !COMMANDS.containsKey(example.text())) {
				if (this.service == null) {
					failures.add("README line " + example.line() + ": curl before the service is started");
					continue;
				}
				failures.addAll(check(example));
				continue;
			}
			String action = COMMANDS.get(example.text());
			if (action == null) {
				failures.add("README line " + example.line() + ": a command this test does not know: " + example.text()
						+ " (add it to ReadmeExamplesTests.COMMANDS)");
				continue;
			}
			known.add(example.text());
			switch (action) {
				case "start" -> start();
				case "import-rates" -> importRates(example.words().get(4));
				default -> {
					// skipped, for the reason given in COMMANDS
				}
			}
		}
		assertThat(COMMANDS.keySet()).as("commands listed in COMMANDS that the README no longer has").isSubsetOf(known);
		assertThat(failures).as("README examples that do not answer as printed").isEmpty();
	}

	@Test
	void readsCommandsAndTheirAnswersAsTheShellAndTheReaderDo() {
		String readme = """
				```sh
				curl -X POST http://localhost:5000/a -H 'Content-Type: application/json' \\
				  -d '{"name": "two
				lines"}'   # a remark
				# or, the same:
				curl "http://localhost:5000/b?x=\\"1\\""
				# HTTP/1.1 201
				# Location: /b/1
				# {"id":1,
				#  "x":"1"}
				curl http://localhost:5000/c
				```

				```json
				{"c":true}
				```

				```json
				{"illustration":true}
				```
				""";

		List<Example> examples = ReadmeExamples.parse(readme).examples();

		assertThat(examples).extracting(Example::words)
			.containsExactly(
					List.of("curl", "-X", "POST", "http://localhost:5000/a", "-H", "Content-Type: application/json",
							"-d", "{\"name\": \"two\nlines\"}"),
					List.of("curl", "http://localhost:5000/b?x=\"1\""), List.of("curl", "http://localhost:5000/c"));
		assertThat(examples).extracting(Example::line).containsExactly(2, 6, 11);
		assertThat(examples.get(0).answer()).isEmpty();
		Answer second = examples.get(1).answer().orElseThrow();
		assertThat(second.status()).isEqualTo(201);
		assertThat(second.headers()).containsExactly(new String[] { "Location", "/b/1" });
		assertThat(second.json()).isEqualTo("{\"id\":1,\n \"x\":\"1\"}");
		assertThat(examples.get(2).answer().orElseThrow().json()).isEqualTo("{\"c\":true}");
	}

	private void start() {
		if (this.service != null) {
			return;
		}
		this.service = new SpringApplicationBuilder(KeelApplication.class).web(WebApplicationType.SERVLET)
			.run("--server.port=0", "--KEEL_DATA_DIR=" + this.data);
		this.port = ((WebServerApplicationContext) this.service).getWebServer().getPort();
	}

	// As the README says, the import needs the service stopped: H2 allows one process per
	// file. It runs as KeelApplication.main runs a command, without the System.exit.
	private void importRates(String file) {
		if (this.service != null) {
			this.service.close();
			this.service = null;
		}
		assertThat(Path.of(file)).as("the public rates dataset the README imports").exists();
		ConfigurableApplicationContext command = new SpringApplicationBuilder(KeelApplication.class)
			.web(WebApplicationType.NONE)
			.run("import-rates", file, "--KEEL_DATA_DIR=" + this.data);
		assertThat(SpringApplication.exit(command)).as("exit code of import-rates").isZero();
	}

	private List<String> check(Example example) throws Exception {
		String where = "README line " + example.line() + " (" + example.text() + "): ";
		HttpRequest request;
		try {
			request = request(example.words());
		}
		catch (IllegalArgumentException ex) {
			return List.of(where + ex.getMessage());
		}
		Answer printed = example.answer().orElse(null);
		Instant deadline = Instant.now().plusSeconds(60);
		while (true) {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			List<String> differences = compare(printed, response);
			if (differences.isEmpty()) {
				return List.of();
			}
			if (!awaited(request, printed) || Instant.now().isAfter(deadline)) {
				String answer = "\n    the answer: " + response.statusCode() + " " + response.headers().map() + " "
						+ response.body();
				return differences.stream().map(difference -> where + difference + answer).toList();
			}
			Thread.sleep(200);
		}
	}

	// A test run and a price batch work in the background: their progress is asked again
	// until it has the printed state.
	private boolean awaited(HttpRequest request, @Nullable Answer printed) {
		String path = request.uri().getPath();
		return request.method().equals("GET") && (path.startsWith("/test/runs/") || path.startsWith("/rates/batches/"))
				&& printed != null && printed.json() != null && printed.json().contains("\"state\"");
	}

	private List<String> compare(@Nullable Answer printed, HttpResponse<String> response) {
		List<String> differences = new ArrayList<>();
		int status = response.statusCode();
		if (printed == null) {
			if (status / 100 != 2) {
				differences.add("answered " + status + " " + response.body() + ", and the README prints no answer");
			}
			return differences;
		}
		JsonNode expected = null;
		if (printed.json() != null) {
			try {
				expected = JSON.readTree(printed.json());
			}
			catch (RuntimeException ex) {
				differences.add("the answer printed on line " + printed.line() + " is not JSON: " + ex.getMessage());
				return differences;
			}
		}
		Integer expectedStatus = printed.status();
		if (expectedStatus == null && expected != null && expected.path("status").isInt() && expected.has("title")) {
			expectedStatus = expected.path("status").asInt();
		}
		if ((expectedStatus != null) ? status != expectedStatus : status / 100 != 2) {
			differences.add("status " + status + ", README (line " + printed.line() + ") shows "
					+ ((expectedStatus != null) ? expectedStatus : "a 2xx"));
		}
		for (String[] header : printed.headers()) {
			String actual = response.headers().firstValue(header[0]).orElse(null);
			if (actual == null || !matches(header[1], actual)) {
				differences.add("header " + header[0] + ": " + actual + ", README shows " + header[1]);
			}
		}
		if (expected != null) {
			JsonNode actual;
			try {
				actual = JSON.readTree(response.body());
			}
			catch (RuntimeException ex) {
				differences.add("body is not JSON: " + response.body());
				return differences;
			}
			Set<String> varying = VARYING.entrySet()
				.stream()
				.filter(entry -> response.uri().getPath().startsWith(entry.getKey()))
				.flatMap(entry -> entry.getValue().stream())
				.collect(Collectors.toSet());
			compare("", expected, actual, varying, differences);
		}
		return differences;
	}

	private void compare(String path, JsonNode expected, JsonNode actual, Set<String> varying,
			List<String> differences) {
		String field = path.substring(path.lastIndexOf('.') + 1);
		if (varying.contains(field)) {
			if (expected.getNodeType() != actual.getNodeType() || expected.size() != actual.size()) {
				differences.add(path + ": " + actual + ", README shows something like " + expected);
			}
			return;
		}
		if (expected.isObject() && actual.isObject()) {
			if (!expected.propertyNames().equals(actual.propertyNames())) {
				differences
					.add(path + ": fields " + actual.propertyNames() + ", README shows " + expected.propertyNames());
				return;
			}
			for (String name : expected.propertyNames()) {
				compare(path + "." + name, expected.get(name), actual.get(name), varying, differences);
			}
		}
		else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
			Iterator<JsonNode> actualElements = actual.iterator();
			int index = 0;
			for (JsonNode element : expected) {
				compare(path + "[" + index++ + "]", element, actualElements.next(), varying, differences);
			}
		}
		else if (expected.isString() && actual.isString()) {
			if (!matches(expected.asString(), actual.asString())) {
				differences.add(path + ": " + actual + ", README shows " + expected);
			}
		}
		else if (!expected.equals(actual)) {
			differences.add((path.isEmpty() ? "body" : path) + ": " + actual + ", README shows " + expected);
		}
	}

	/**
	 * Whether an answered text is the printed one, where a UUID printed stands for the
	 * one answered, the same one each time.
	 */
	private boolean matches(String printed, String actual) {
		StringBuilder pattern = new StringBuilder();
		List<String> printedUuids = new ArrayList<>();
		Matcher uuid = UUID.matcher(printed);
		int from = 0;
		while (uuid.find()) {
			pattern.append(Pattern.quote(printed.substring(from, uuid.start()))).append("(").append(UUID).append(")");
			printedUuids.add(uuid.group());
			from = uuid.end();
		}
		pattern.append(Pattern.quote(printed.substring(from)));
		Matcher answered = Pattern.compile(pattern.toString()).matcher(actual);
		if (!answered.matches()) {
			return false;
		}
		for (int i = 0; i < printedUuids.size(); i++) {
			String bound = this.uuids.putIfAbsent(printedUuids.get(i), answered.group(i + 1));
			if (bound != null && !bound.equals(answered.group(i + 1))) {
				return false;
			}
		}
		return true;
	}

	/** The request of a curl command, sent to this test's instance. */
	private HttpRequest request(List<String> words) {
		String method = null;
		String url = null;
		List<String> data = new ArrayList<>();
		Map<String, String> headers = new HashMap<>();
		for (int i = 1; i < words.size(); i++) {
			String word = words.get(i);
			switch (word) {
				case "-i", "--include", "-s", "--silent", "-S", "--show-error" -> {
					// how curl prints the answer; the test compares all of it
				}
				case "-X", "--request" -> method = words.get(++i);
				case "-H", "--header" -> {
					String[] header = words.get(++i).split(":\\s*", 2);
					headers.put(header[0], header[1]);
				}
				case "-d", "--data", "--data-binary" -> data.add(words.get(++i));
				default -> {
					if (word.startsWith("-")) {
						throw new IllegalArgumentException(
								"curl option " + word + " is not translated by ReadmeExamplesTests.request");
					}
					url = word;
				}
			}
		}
		if (url == null) {
			throw new IllegalArgumentException("no URL");
		}
		if (!url.startsWith("http://")) {
			url = "http://" + url;
		}
		if (!url.startsWith("http://localhost:5000/")) {
			throw new IllegalArgumentException("not a URL of Keel on localhost:5000: " + url);
		}
		for (Map.Entry<String, String> bound : this.uuids.entrySet()) {
			url = url.replace(bound.getKey(), bound.getValue());
		}
		URI uri = URI.create("http://127.0.0.1:" + this.port + url.substring("http://localhost:5000".length()));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
		// As curl: Accept */*; with -d, POST and a form unless a Content-Type is given.
		request.header("Accept", "*/*");
		if (!data.isEmpty()) {
			headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
		}
		headers.forEach(request::header);
		String verb = (method != null) ? method : (data.isEmpty() ? "GET" : "POST");
		request.method(verb, data.isEmpty() ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(String.join("&", data)));
		return request.build();
	}

}
