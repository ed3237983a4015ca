package dev.keel.rates;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;
import dev.keel.platform.InvalidInput;

/** The refusals of {@code /rates/batches} other than a batch's own rows. */
final class BatchProblems {

	private BatchProblems() {
	}

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** 404: no batch has the id. */
	static final class UnknownBatch extends FieldProblem {

		UnknownBatch(String id) {
			super(HttpStatus.NOT_FOUND, "id", "no price batch has the id " + BatchReader.shown(id));
		}

	}

	/** 413: more rows than {@code keel.rates.batches.max-rows}. */
	static final class TooManyRows extends FieldProblem {

		TooManyRows(long maxRows) {
			super(HttpStatus.CONTENT_TOO_LARGE, "body",
					String.format(
							"has more than %,d rows (keel.rates.batches.max-rows); nothing was stored, split the batch",
							maxRows));
		}

	}

	/** 429: {@code keel.rates.batches.max-waiting} batches are waiting already. */
	static final class QueueFull extends FieldProblem {

		QueueFull(int waiting) {
			super(HttpStatus.TOO_MANY_REQUESTS, "body", waiting
					+ " batches are waiting to be applied (keel.rates.batches.max-waiting); nothing was stored, "
					+ "send it again later");
			header(HttpHeaders.RETRY_AFTER, "10");
		}

	}

	/** 503: the queue cannot take a batch now; the upload was rolled back. */
	static final class QueueUnavailable extends FieldProblem {

		QueueUnavailable(String reason, Throwable cause) {
			super(HttpStatus.SERVICE_UNAVAILABLE, null,
					"the batch queue is unavailable (" + reason + "); nothing was stored, try again shortly", cause);
			header(HttpHeaders.RETRY_AFTER, "5");
		}

	}

	/**
	 * 422: a row is wrong, so the batch is rejected whole. The problem carries the batch
	 * itself, as {@code GET /rates/batches/{id}} answers it.
	 */
	static final class Rejected extends FieldProblem {

		Rejected(PriceBatch batch) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "body",
					"has rows that break the rules (listed in errors, the first " + BatchChecks.KEPT_ERRORS
							+ "); the batch is rejected whole and nothing of it is applied");
			property("id", batch.id());
			property("state", batch.state());
			property("rows", batch.rows());
			property("received_at", batch.receivedAt());
			property("applied_at", batch.appliedAt());
			property("apply_ms", batch.applyMs());
			property("errors", batch.errors());
			property("idempotency_key", batch.idempotencyKey());
			header(HttpHeaders.LOCATION, BatchController.location(batch.id()).toString());
		}

	}

	/**
	 * 503: {@code keel.rates.batches.max-concurrent-uploads} uploads are being read here.
	 */
	static final class Busy extends FieldProblem {

		Busy(int uploads) {
			super(HttpStatus.SERVICE_UNAVAILABLE, null, uploads
					+ " batch uploads are being read by this instance (keel.rates.batches.max-concurrent-uploads); "
					+ "nothing was stored, send it again shortly");
			header(HttpHeaders.RETRY_AFTER, "1");
		}

	}

	/** 409: an idempotency key reused for another body. */
	static final class KeyReused extends FieldProblem {

		KeyReused(long batch) {
			super(HttpStatus.CONFLICT, IDEMPOTENCY_KEY, "was used for batch " + batch
					+ " with a different body; send the same body to see that batch, or use a new key");
			property("batch", batch);
		}

	}

	/** 409: another upload with this key is being read; its outcome is not known yet. */
	static final class KeyInUse extends FieldProblem {

		KeyInUse(Throwable cause) {
			super(HttpStatus.CONFLICT, IDEMPOTENCY_KEY, "is the key of another upload still being read; nothing was "
					+ "stored, send it again once that one is answered", cause);
			header(HttpHeaders.RETRY_AFTER, "1");
		}

	}

	/**
	 * The {@code Idempotency-Key} header, checked: 1 to 200 printable ASCII characters.
	 */
	static String idempotencyKey(String key) {
		if (key.isEmpty()) {
			throw new InvalidInput(IDEMPOTENCY_KEY, "is empty; send 1 to 200 printable ASCII characters, or no header");
		}
		if (key.length() > 200) {
			throw new InvalidInput(IDEMPOTENCY_KEY, "is " + key.length() + " characters long; the most is 200");
		}
		if (!key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
			throw new InvalidInput(IDEMPOTENCY_KEY, "must be printable ASCII characters only");
		}
		return key;
	}

}
