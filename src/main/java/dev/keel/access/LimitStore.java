package dev.keel.access;

/** Where the buckets of request limits are kept: in-process, or in Redis for a fleet. */
interface LimitStore {

	/**
	 * Takes one request from the bucket {@code bucket} of {@code limit}, creating it
	 * full.
	 * @throws RuntimeException if the store cannot be reached
	 */
	Take take(String bucket, RateLimit limit);

	/**
	 * What taking from a bucket gave.
	 *
	 * @param allowed whether the request may be served
	 * @param remaining requests left in the bucket after this one
	 * @param resetMillis until the bucket gains its next tokens
	 */
	record Take(boolean allowed, long remaining, long resetMillis) {

		/** Whole seconds until the next tokens, rounded up: at least 1 when refused. */
		long resetSeconds() {
			return Math.max(this.allowed ? 0 : 1, (this.resetMillis + 999) / 1000);
		}

	}

}
