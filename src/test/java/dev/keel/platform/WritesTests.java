package dev.keel.platform;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link Writes}: what is retried, what is given up, and the evictions it carries out.
 */
@SpringBootTest
@OnEmbeddedStorage
class WritesTests {

	@Autowired
	Writes writes;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ResponseCaches caches;

	@BeforeEach
	void scratchTable() {
		this.jdbc.sql("CREATE TABLE IF NOT EXISTS writes_test (n INT)").update();
		this.jdbc.sql("DELETE FROM writes_test").update();
	}

	@Test
	void aDeadlockedAttemptIsRolledBackAndRunAgain() {
		AtomicInteger attempts = new AtomicInteger();
		String result = this.writes.commit(evictions -> {
			this.jdbc.sql("INSERT INTO writes_test (n) VALUES (:n)").param("n", attempts.incrementAndGet()).update();
			if (attempts.get() < 3) {
				throw new CannotAcquireLockException("deadlock detected");
			}
			return "stored";
		});
		assertThat(result).isEqualTo("stored");
		assertThat(this.jdbc.sql("SELECT n FROM writes_test").query(Integer.class).list()).containsExactly(3);
	}

	@Test
	void aWriteThatCollidesEveryTimeIsRefusedWith503AndLeavesNothing() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(WriteCollided.class).isThrownBy(() -> this.writes.commit(evictions -> {
			attempts.incrementAndGet();
			this.jdbc.sql("INSERT INTO writes_test (n) VALUES (1)").update();
			throw new DuplicateKeyException("taken");
		}, List.of(DuplicateKeyException.class)))
			.satisfies(collided -> assertThat(collided.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
			.satisfies(collided -> assertThat(collided.headers().getFirst("Retry-After")).isEqualTo("1"));
		assertThat(attempts).hasValue(Writes.ATTEMPTS);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM writes_test").query(Long.class).single()).isZero();
	}

	@Test
	void aCommitThatFailsIsNeitherRetriedNorCalledNothingStored() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(WriteOutcomeUnknown.class).isThrownBy(() -> this.writes.commit(evictions -> {
			attempts.incrementAndGet();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void beforeCommit(boolean readOnly) {
					throw new CannotAcquireLockException("connection lost during COMMIT");
				}

			});
			return null;
		})).satisfies(unknown -> assertThat(unknown.getMessage()).contains("may have been stored"));
		assertThat(attempts).hasValue(1);
	}

	@Test
	void otherFailuresAreNotRetried() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.writes.commit(evictions -> {
			attempts.incrementAndGet();
			throw new DuplicateKeyException("taken");
		}));
		assertThat(attempts).hasValue(1);
	}

	@Test
	void evictionsHappenOnlyWhenTheWriteCommits() {
		ResponseCache cache = this.caches.create("writes-test", true);
		cache.get("scope", "key", () -> new byte[] { 1 });
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.writes.commit(evictions -> {
			evictions.evict(cache, List.of("scope"));
			throw new IllegalStateException("refused");
		}));
		assertThat(cache.get("scope", "key", () -> new byte[] { 2 })).containsExactly(1);

		this.writes.commit(evictions -> {
			evictions.evict(cache, List.of("scope"));
			this.jdbc.sql("INSERT INTO writes_test (n) VALUES (1)").update();
			return null;
		});
		assertThat(cache.get("scope", "key", () -> new byte[] { 3 })).containsExactly(3);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cache_evictions").query(Long.class).single())
			.as("carried out, so no longer owed")
			.isZero();
	}

}
