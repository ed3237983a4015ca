package dev.keel.access;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keel.KeelApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar keel.jar api-keys create} as a script runs it, in a JVM of its own:
 * the new key is the last line of everything the process prints, so {@code tail -n 1}
 * takes it. (What the command does with each input is tested in {@link AccessContract},
 * in the running application.)
 */
class ApiKeysCommandLineTests {

	@Test
	void createPrintsTheKeyAloneOnTheLastLineOfTheProcessOutput(@TempDir Path data) throws Exception {
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), KeelApplication.class.getName(), "api-keys", "create", "--name",
				"deploy", "--role", "admin",
				"--spring.datasource.url=jdbc:h2:file:" + data.resolve("keel") + ";NON_KEYWORDS=DAY")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		List<String> lines = output.lines().toList();
		assertThat(lines.getLast()).as(output).matches("keel_[A-Za-z0-9_-]{43}");
		assertThat(lines.get(lines.size() - 2)).contains("'deploy'", "admin", "shown this once");
		assertThat(output).doesNotContain("generated security password");
	}

}
