package dev.keel.rates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code import-rates FILE}: loads a rates dump into the configured storage and exits;
 * see {@link RatesImport}. Exit code 0 on success, 2 when the dump is refused.
 */
@Component
class ImportRatesCommand implements ApplicationRunner, ExitCodeGenerator {

	private final RatesImport importer;

	private int exitCode;

	ImportRatesCommand(RatesImport importer) {
		this.importer = importer;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		List<String> words = args.getNonOptionArgs();
		if (words.isEmpty() || !words.get(0).equals("import-rates")) {
			return;
		}
		this.exitCode = 0;
		if (words.size() != 2 || !Files.isRegularFile(Path.of(words.get(1)))) {
			System.err.println("usage: import-rates FILE  (a readable pg_dump of regions, ports and prices)");
			this.exitCode = 2;
			return;
		}
		try {
			RatesImport.Summary summary = this.importer.load(Path.of(words.get(1)), System.out::println);
			System.out.printf("Imported %,d regions, %,d ports and %,d prices (%d statements applied) in %.1f s%n",
					summary.regions(), summary.ports(), summary.prices(), summary.statements(),
					summary.took().toMillis() / 1000.0);
		}
		catch (UnreadableDump ex) {
			System.err.println("Nothing imported: " + ex.getMessage());
			this.exitCode = 2;
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
