package dev.keel;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.keel.CommandLine.Action;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTests {

	@Test
	void optionsAloneServe() {
		assertThat(CommandLine.of().action()).isEqualTo(Action.SERVE);
		assertThat(CommandLine.of("--spring.profiles.active=production", "--server.port=5001").action())
			.isEqualTo(Action.SERVE);
	}

	@Test
	void theFirstWordThatIsNoOptionIsTheCommandWhereverOptionsStand() {
		assertThat(CommandLine.of("import-rates", "rates.sql")).isEqualTo(new CommandLine(Action.RUN, "import-rates"));
		assertThat(CommandLine.of("--spring.profiles.active=production", "ingest-items", "items.json"))
			.isEqualTo(new CommandLine(Action.RUN, "ingest-items"));
	}

	@Test
	void anUnknownWordIsRefusedNotServed() {
		assertThat(CommandLine.of("api-key", "list")).isEqualTo(new CommandLine(Action.UNKNOWN, "api-key"));
		assertThat(CommandLine.of("import-rate", "rates.sql").action()).isEqualTo(Action.UNKNOWN);
		assertThat(CommandLine.of("IMPORT-RATES", "rates.sql").action()).isEqualTo(Action.UNKNOWN);
		// Spring takes only --name=value; a value after a space is a word of its own.
		assertThat(CommandLine.of("--server.port", "5001").action()).isEqualTo(Action.UNKNOWN);
	}

	@Test
	void helpInAnyUsualSpellingListsTheCommands() {
		assertThat(CommandLine.of("help").action()).isEqualTo(Action.HELP);
		assertThat(CommandLine.of("-h").action()).isEqualTo(Action.HELP);
		assertThat(CommandLine.of("--help").action()).isEqualTo(Action.HELP);
		assertThat(CommandLine.of("import-rates", "--help").action()).isEqualTo(Action.HELP);
	}

	@Test
	void theListGoesToStdoutWhenAskedForAndToStderrAfterAnUnknownWord() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		CommandLine.of("help").explain(print(out), print(err));
		assertThat(text(out)).contains("import-rates FILE", "ingest-items FILE", "api-keys create|list|revoke", "help");
		assertThat(text(err)).isEmpty();

		out.reset();
		CommandLine.of("api-key").explain(print(out), print(err));
		assertThat(text(out)).isEmpty();
		assertThat(text(err)).startsWith("keel: unknown command 'api-key'").contains("import-rates FILE");
	}

	private static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

	private static String text(ByteArrayOutputStream bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
