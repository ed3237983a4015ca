package dev.keel.access;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

import dev.keel.platform.CommandOptions;
import dev.keel.platform.FieldProblem;

/**
 * {@code api-keys create --name NAME --role ROLE [--rate-limit N/PERIOD] [--expires-at
 * INSTANT]}, {@code api-keys list}, {@code api-keys revoke NAME}. {@code create} prints
 * the new key alone on its last line, so scripts can take it with {@code tail -n 1}. Exit
 * code 0 on success, 2 on refused input.
 */
@Component
class ApiKeysCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String NAME = "api-keys";

	private static final String USAGE = """
			usage: api-keys create --name NAME --role reader|writer|admin [--rate-limit N/PERIOD] [--expires-at INSTANT]
			       api-keys list
			       api-keys revoke NAME""";

	private final ApiKeys keys;

	private int exitCode;

	ApiKeysCommand(ApiKeys keys) {
		this.keys = keys;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<String> words = args.getNonOptionArgs();
		if (words.isEmpty() || !words.get(0).equals(NAME)) {
			return;
		}
		try {
			CommandOptions options = CommandOptions.parse(args.getSourceArgs(),
					Set.of("name", "role", "rate-limit", "expires-at"));
			String action = (options.words().size() > 1) ? options.words().get(1) : "";
			switch (action) {
				case "create" -> create(options);
				case "list" -> list(options);
				case "revoke" -> revoke(options);
				default -> throw new IllegalArgumentException(
						action.isEmpty() ? "say what to do" : "unknown action '" + action + "'");
			}
		}
		catch (IllegalArgumentException ex) {
			System.err.println(NAME + ": " + ex.getMessage());
			System.err.println(USAGE);
			this.exitCode = 2;
		}
		catch (FieldProblem ex) {
			System.err.println(NAME + ": " + option(ex.getMessage()));
			this.exitCode = 2;
		}
	}

	private void create(CommandOptions options) {
		only(options, 2);
		String name = options.value("name");
		String role = options.value("role");
		if (name == null || role == null) {
			throw new IllegalArgumentException("create needs --name and --role");
		}
		ApiKey.Created created = this.keys.create(name, Role.named(role, "role"), options.value("rate-limit"),
				expiry(options.value("expires-at")));
		System.out.printf("Created the %s key '%s'%s%s. Its secret follows; it is shown this once.%n", created.role(),
				created.name(), (created.rateLimit() != null) ? ", limited to " + created.rateLimit() : "",
				(created.expiresAt() != null) ? ", expiring " + created.expiresAt() : "");
		System.out.println(created.key());
	}

	private void list(CommandOptions options) {
		only(options, 2);
		System.out.printf("%-24s %-7s %-10s %-22s %s%n", "NAME", "ROLE", "LIMIT", "CREATED", "STATE");
		for (ApiKey key : this.keys.list()) {
			String state = (key.revokedAt() != null) ? "revoked " + key.revokedAt() : (key.expiresAt() != null)
					? (key.validAt(this.keys.now()) ? "expires " : "expired ") + key.expiresAt() : "active";
			System.out.printf("%-24s %-7s %-10s %-22s %s%n", key.name(), key.role(),
					(key.rateLimit() != null) ? key.rateLimit() : "role", key.createdAt(), state);
		}
	}

	private void revoke(CommandOptions options) {
		if (options.words().size() != 3) {
			throw new IllegalArgumentException("revoke needs the key's name, and only that");
		}
		ApiKey key = this.keys.revoke(options.words().get(2));
		System.out.println("Revoked '" + key.name() + "' at " + key.revokedAt());
	}

	private static void only(CommandOptions options, int words) {
		if (options.words().size() > words) {
			throw new IllegalArgumentException("unexpected argument '" + options.words().get(words) + "'");
		}
	}

	private static Instant expiry(String text) {
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"--expires-at '" + text + "' is not an instant like 2027-01-01T00:00:00Z");
		}
	}

	// Problems name fields in the API's terms (rate_limit); the command's are options.
	private static String option(String message) {
		return message.replaceFirst("^rate_limit:", "--rate-limit:")
			.replaceFirst("^expires_at:", "--expires-at:")
			.replaceFirst("^name:", "--name:")
			.replaceFirst("^role:", "--role:");
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
