package dev.keel.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a module's SQL kept as a {@code .sql} resource beside its repository class. */
public final class SqlFile {

	private SqlFile() {
	}

	/** The text of {@code name}, resolved against the package of {@code owner}. */
	public static String read(Class<?> owner, String name) {
		try (InputStream in = owner.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("No SQL resource " + name + " beside " + owner.getName());
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
