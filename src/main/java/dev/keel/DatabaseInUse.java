package dev.keel;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports in one line, instead of a stack trace of a hundred, that Keel could not start
 * because another process holds the embedded H2 file: typically {@code import-rates} run
 * while the embedded service is up. Registered in {@code META-INF/spring.factories};
 * {@link KeelApplication} then exits with {@link CommandLine#DATABASE_IN_USE}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseInUse implements SpringBootExceptionReporter {

	// H2's ErrorCode.DATABASE_ALREADY_OPEN_1; H2 is a runtime dependency only.
	private static final int H2_DATABASE_ALREADY_OPEN = 90020;

	@Override
	public boolean reportException(Throwable failure) {
		SQLException cause = cause(failure);
		if (cause == null) {
			return false;
		}
		System.err.println("keel: the embedded database " + file(cause)
				+ " is in use by another process, most likely a running Keel service: stop it and try again "
				+ "(H2 lets one process at a time open its file), or run both on PostgreSQL "
				+ "(--spring.profiles.active=production)");
		return true;
	}

	static boolean causes(Throwable failure) {
		return cause(failure) != null;
	}

	private static @Nullable SQLException cause(Throwable failure) {
		for (@Nullable
		Throwable at = failure; at != null; at = at.getCause()) {
			if (at instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN
					&& sql.getClass().getName().startsWith("org.h2.")) {
				return sql;
			}
		}
		return null;
	}

	// H2 names the file in quotes: Database may be already in use: "/path/keel.mv.db".
	private static String file(SQLException cause) {
		String message = String.valueOf(cause.getMessage());
		int start = message.indexOf('"');
		int end = message.indexOf('"', start + 1);
		return (start >= 0 && end > start) ? message.substring(start + 1, end) : "file";
	}

}
