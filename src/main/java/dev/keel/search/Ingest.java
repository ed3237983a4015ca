package dev.keel.search;

import java.util.concurrent.locks.ReentrantLock;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the items of a batch in one transaction and evicts the searches they change
 * before answering.
 */
@Service
class Ingest {

	private static final int ATTEMPTS = 3;

	private final Items items;

	private final TransactionTemplate transactions;

	private final SearchCache cache;

	private final ReentrantLock embedded = new ReentrantLock(true);

	Ingest(Items items, TransactionTemplate transactions, SearchCache cache) {
		this.items = items;
		this.transactions = transactions;
		this.cache = cache;
	}

	BulkResult store(Batch batch, boolean atomic) {
		if (atomic && !batch.rejected().isEmpty()) {
			throw new SearchProblems.RejectedAtomically(batch.rejected());
		}
		int inserted = insert(batch);
		if (inserted > 0) {
			this.cache.evictSearches();
		}
		return new BulkResult(inserted, batch.repeated() + batch.items().size() - inserted, batch.rejected());
	}

	// Two requests storing the same new items at once can collide on their fingerprints:
	// on PostgreSQL as a deadlock when they met the items in opposite orders; the loser
	// starts over and finds them stored. H2 checks NOT EXISTS against committed rows
	// only, so there two such requests could collide however often retried; it serves
	// one process, whose ingests take turns.
	private int insert(Batch batch) {
		boolean turns = !this.items.takesConcurrentInserts();
		if (turns) {
			this.embedded.lock();
		}
		try {
			for (int attempt = 1;; attempt++) {
				try {
					Integer inserted = this.transactions.execute(status -> this.items.insert(batch.items()));
					return (inserted != null) ? inserted : 0;
				}
				catch (DuplicateKeyException | PessimisticLockingFailureException ex) {
					if (attempt == ATTEMPTS) {
						throw new SearchProblems.Busy();
					}
				}
			}
		}
		finally {
			if (turns) {
				this.embedded.unlock();
			}
		}
	}

}
