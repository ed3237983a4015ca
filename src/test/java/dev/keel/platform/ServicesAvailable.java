package dev.keel.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The condition behind {@link RequiresServices}. */
class ServicesAvailable implements ExecutionCondition {

	static final String DB_URL = env("KEEL_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	static final String DB_USER = env("KEEL_TEST_DB_USER", "postgres");

	static final String REDIS_URL = env("KEEL_TEST_REDIS_URL", "redis://127.0.0.1:6379");

	static final String RABBITMQ_URL = env("KEEL_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		RequiresServices required = context.getElement()
			.flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresServices.class))
			.orElse(null);
		if (required == null) {
			return ConditionEvaluationResult.enabled("no services required");
		}
		List<String> missing = new ArrayList<>();
		if (required.postgres() && !reachable(URI.create(DB_URL.substring("jdbc:".length())), 5432)) {
			missing.add("PostgreSQL at " + DB_URL);
		}
		if (required.redis() && !reachable(URI.create(REDIS_URL), 6379)) {
			missing.add("Redis at " + REDIS_URL);
		}
		if (required.rabbitmq() && !reachable(URI.create(RABBITMQ_URL), 5672)) {
			missing.add("RabbitMQ at " + RABBITMQ_URL.replaceAll("//[^@/]*@", "//"));
		}
		if (missing.isEmpty()) {
			return ConditionEvaluationResult.enabled("services answer");
		}
		String message = "SKIPPED " + context.getDisplayName() + ": unreachable " + String.join(", ", missing);
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException(message.replace("SKIPPED", "FAILED (CI=true)"));
		}
		System.err.println(message);
		return ConditionEvaluationResult.disabled(message);
	}

	private static boolean reachable(URI uri, int defaultPort) {
		int port = (uri.getPort() > 0) ? uri.getPort() : defaultPort;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
