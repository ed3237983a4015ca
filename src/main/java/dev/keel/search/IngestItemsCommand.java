package dev.keel.search;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

import dev.keel.platform.InvalidInput;

/**
 * {@code ingest-items FILE}: ingests a file in the bulk format ({@code {"items": [...]}})
 * of any size and exits. The records are read as a stream and stored 10,000 at a time,
 * each chunk in its own transaction, so a file too large for one request goes in too.
 * Exit code 0 when the file was read to the end, 2 when it is not in the bulk format
 * (chunks before the fault stay stored).
 */
@Component
class IngestItemsCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String NAME = "ingest-items";

	private static final int CHUNK = 10_000;

	// Rejections printed one by one; the rest are only counted.
	private static final int SHOWN = 100;

	private final BulkReader reader;

	private final Ingest ingest;

	private int exitCode;

	private long inserted;

	private long duplicates;

	private long rejected;

	IngestItemsCommand(BulkReader reader, Ingest ingest) {
		this.reader = reader;
		this.ingest = ingest;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		List<String> words = args.getNonOptionArgs();
		if (words.isEmpty() || !words.get(0).equals(NAME)) {
			return;
		}
		if (words.size() != 2 || !Files.isRegularFile(Path.of(words.get(1)))) {
			System.err.println("usage: " + NAME + " FILE  (a readable JSON file {\"items\": [...]})");
			this.exitCode = 2;
			return;
		}
		long started = System.nanoTime();
		Batch[] chunk = { new Batch() };
		try (InputStream in = Files.newInputStream(Path.of(words.get(1)))) {
			this.reader.read(in, Integer.MAX_VALUE, outcome -> {
				chunk[0].add(outcome);
				if (chunk[0].size() == CHUNK) {
					store(chunk[0]);
					chunk[0] = new Batch();
				}
			});
			store(chunk[0]);
		}
		catch (InvalidInput ex) {
			System.err.println("Stopped, the file is not in the bulk format: " + ex.getMessage());
			this.exitCode = 2;
		}
		System.out.printf("Inserted %,d items; %,d duplicates, %,d rejected; %.1f s%n", this.inserted, this.duplicates,
				this.rejected, (System.nanoTime() - started) / 1e9);
	}

	private void store(Batch batch) {
		BulkResult result = this.ingest.store(batch, false);
		this.inserted += result.inserted();
		this.duplicates += result.duplicates();
		for (Rejection rejection : result.rejected()) {
			if (this.rejected++ < SHOWN) {
				System.out.printf("rejected item %d: %s %s%n", rejection.index(), rejection.field(),
						rejection.reason());
			}
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
