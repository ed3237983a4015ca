package dev.keel;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the arguments ask for: serve HTTP (options only, such as
 * {@code --spring.profiles.active=production}), run a command (the first argument that is
 * not an {@code --option}), or list the commands. A first word that names no command is
 * refused rather than taken for "serve": a typo must not start the whole service.
 */
record CommandLine(Action action, @Nullable String word) {

	enum Action {

		SERVE, RUN, HELP, UNKNOWN

	}

	/** A command Keel runs instead of serving; its runner lives in its module. */
	record Command(String name, String arguments, String description) {

	}

	static final List<Command> COMMANDS = List.of(
			new Command("import-rates", "FILE",
					"replace all regions, ports and prices with those of a pg_dump file, then exit"),
			new Command("ingest-items", "FILE",
					"ingest a file in the search bulk format ({\"items\": [...]}), then exit"),
			new Command("api-keys", "create|list|revoke",
					"manage API keys, then exit (create --name NAME --role reader|writer|admin "
							+ "[--rate-limit N/PERIOD] [--expires-at INSTANT]; list; revoke NAME)"),
			new Command("copy-sample", "--to URL", "copy a sample of this deployment into an empty database, then exit "
					+ "([--fraction F] [--seed N] [--to-user U] [--to-password P])"));

	/** Exit code of a refused command line (and of refused input, by the commands). */
	static final int USAGE = 2;

	/** Exit code when the embedded database's file is held by another process. */
	static final int DATABASE_IN_USE = 3;

	static CommandLine of(String... args) {
		if (Arrays.asList(args).contains("--help")) {
			return new CommandLine(Action.HELP, "--help");
		}
		String word = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).findFirst().orElse(null);
		if (word == null) {
			return new CommandLine(Action.SERVE, null);
		}
		if (word.equals("help") || word.equals("-h")) {
			return new CommandLine(Action.HELP, word);
		}
		boolean known = COMMANDS.stream().anyMatch(command -> command.name().equals(word));
		return new CommandLine(known ? Action.RUN : Action.UNKNOWN, word);
	}

	/**
	 * The list of commands: on {@code out} when asked for, on {@code err} after an
	 * unknown word.
	 */
	void explain(PrintStream out, PrintStream err) {
		PrintStream to = out;
		if (this.action == Action.UNKNOWN) {
			err.println("keel: unknown command '" + this.word + "'");
			to = err;
		}
		to.println("usage: java -jar keel.jar [COMMAND] [--property=value ...]");
		to.println("Without a command, Keel serves HTTP. Commands:");
		for (Command command : COMMANDS) {
			to.printf("  %-20s %s%n", command.name() + " " + command.arguments(), command.description());
		}
		to.printf("  %-20s %s%n", "help", "print this list");
	}

}
