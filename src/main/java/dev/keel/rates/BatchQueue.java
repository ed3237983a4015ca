package dev.keel.rates;

/**
 * Where accepted batches wait for their turn: a RabbitMQ queue in production
 * ({@link RabbitBatchQueue}), the batch table itself in the embedded default
 * ({@link DatabaseBatchQueue}). Either way the batch table holds the batches and their
 * order; the queue tells an instance when there is one to apply.
 */
interface BatchQueue {

	/** Refuses at once, before an upload is read, when no batch can be queued now. */
	void checkAvailable();

	/**
	 * Queues a batch accepted in the current transaction, returning once the queue holds
	 * it durably, or throwing {@link BatchProblems.QueueUnavailable} so that the upload
	 * rolls back.
	 */
	void publish(long id);

}
