package dev.keel.platform;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a module writes. A {@link Write} runs in one transaction, which is run
 * again from the start when the database aborts it for a deadlock or a serialization
 * failure (and on what the caller names), at most {@value #ATTEMPTS} times in all, then
 * {@link WriteCollided}. The cache evictions the write names in {@link Evictions} are
 * recorded in the same transaction and carried out once it commits (see
 * {@link EvictionOutbox}): whatever happens to the cache then, the write's result is
 * returned, so a write that committed is never answered as failed.
 */
@Component
public final class Writes {

	static final int ATTEMPTS = 3;

	private final TransactionTemplate transactions;

	private final EvictionOutbox outbox;

	Writes(PlatformTransactionManager transactions, EvictionOutbox outbox) {
		this.transactions = new TransactionTemplate(transactions);
		this.outbox = outbox;
	}

	/** A write: its statements, and the evictions it needs named in {@code evictions}. */
	@FunctionalInterface
	public interface Write<T extends @Nullable Object> {

		T run(Evictions evictions);

	}

	private record Committed<T extends @Nullable Object>(T result, List<EvictionOutbox.Owed> owed) {

	}

	/** Commits {@code write}, retried on deadlocks and serialization failures. */
	public <T extends @Nullable Object> T commit(Write<T> write) {
		return commit(write, List.of());
	}

	/**
	 * Commits {@code write}, retried on deadlocks, serialization failures and
	 * {@code alsoRetried} (such as a unique key that concurrent writers may both try to
	 * create).
	 */
	public <T extends @Nullable Object> T commit(Write<T> write, List<Class<? extends RuntimeException>> alsoRetried) {
		return commit(write, alsoRetried, ATTEMPTS);
	}

	/**
	 * Commits {@code write} in one attempt: for a write that consumes what it stores as
	 * it goes (a request body read as a stream), which a second attempt could not read
	 * again. A deadlock or serialization failure is {@link WriteCollided} at once.
	 */
	public <T extends @Nullable Object> T commitOnce(Write<T> write) {
		return commit(write, List.of(), 1);
	}

	private <T extends @Nullable Object> T commit(Write<T> write, List<Class<? extends RuntimeException>> alsoRetried,
			int attempts) {
		List<Class<? extends Throwable>> retried = new ArrayList<>(alsoRetried);
		retried.add(PessimisticLockingFailureException.class);
		// The exception itself, not its causes: a failed commit wraps its cause.
		Predicate<Throwable> collided = ex -> retried.stream().anyMatch(type -> type.isInstance(ex));
		RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(attempts - 1)
			.predicate(collided)
			.delay(Duration.ofMillis(10))
			.jitter(Duration.ofMillis(5))
			.multiplier(2)
			.build());
		Committed<T> committed;
		try {
			committed = retry.invoke(() -> {
				AtomicBoolean written = new AtomicBoolean();
				try {
					return this.transactions.execute(status -> {
						Evictions evictions = new Evictions();
						T result = write.run(evictions);
						Committed<T> done = new Committed<>(result, this.outbox.record(evictions));
						written.set(true);
						return done;
					});
				}
				catch (RuntimeException ex) {
					if (written.get()) {
						// The commit itself failed: the database may have committed
						// before the connection broke, so neither a retry nor "nothing
						// stored" is safe.
						throw new WriteOutcomeUnknown(ex);
					}
					throw ex;
				}
			});
		}
		catch (RuntimeException ex) {
			if (collided.test(ex)) {
				throw new WriteCollided();
			}
			throw ex;
		}
		this.outbox.carryOut(committed.owed());
		return committed.result();
	}

	/**
	 * Whether a write failed for a reason of the database's rather than of what it writes
	 * (the database unreachable or the connection lost, a collision, a commit whose
	 * outcome is unknown): the same write may well succeed later.
	 */
	public static boolean failedForNow(Throwable failure) {
		for (Throwable at = failure; at != null; at = at.getCause()) {
			if (at instanceof DataAccessResourceFailureException || at instanceof TransientDataAccessException
					|| at instanceof RecoverableDataAccessException || at instanceof CannotCreateTransactionException
					|| at instanceof WriteOutcomeUnknown || at instanceof WriteCollided
					|| at instanceof SQLTransientException || at instanceof SQLRecoverableException
					|| (at instanceof SQLException sql && String.valueOf(sql.getSQLState()).startsWith("08"))) {
				return true;
			}
			// A rollback that failed on a lost connection hides the failure it rolled
			// back for.
			if (at instanceof TransactionSystemException system && system.getApplicationException() != null
					&& failedForNow(system.getApplicationException())) {
				return true;
			}
		}
		return false;
	}

}
