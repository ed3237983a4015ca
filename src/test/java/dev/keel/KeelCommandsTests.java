package dev.keel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar keel.jar ...} as a user runs it: each case is a new JVM on the test
 * classpath, so exit codes and every printed line are the real ones.
 */
class KeelCommandsTests {

	@Test
	void anUnknownCommandIsRefusedWithTheListOfCommands() throws Exception {
		Run run = keel("api-key", "list", "--spring.profiles.active=production");
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.output()).startsWith("keel: unknown command 'api-key'")
			.contains("import-rates FILE", "ingest-items FILE", "help");
	}

	@Test
	void helpListsTheCommands() throws Exception {
		Run run = keel("help");
		assertThat(run.exitCode()).isZero();
		assertThat(run.output()).contains("import-rates FILE", "ingest-items FILE", "copy-sample --to URL");
	}

	@Test
	void importingWhileAnotherProcessHoldsTheEmbeddedDatabaseSaysSoInOneLine(@TempDir Path dir) throws Exception {
		String url = "jdbc:h2:file:" + dir.resolve("keel") + ";NON_KEYWORDS=DAY";
		// This JVM holds the file, as a running embedded service would.
		try (Connection held = DriverManager.getConnection(url, "sa", "")) {
			Run run = keel("import-rates", Path.of("src/test/resources/dev/keel/rates/fixture.sql").toString(),
					"--spring.datasource.url=" + url);
			assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
			assertThat(run.output().lines()).as(run.output()).hasSize(1);
			assertThat(run.output()).contains("keel.mv.db is in use by another process").contains("stop it");
		}
	}

	private record Run(int exitCode, String output) {

	}

	private static Run keel(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), KeelApplication.class.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		return new Run(process.exitValue(), output);
	}

}
