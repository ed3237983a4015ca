package dev.keel.search;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import dev.keel.platform.Writes;

/**
 * Stores the items of a batch in one transaction and evicts the searches they change (see
 * {@link Writes}).
 */
@Service
class Ingest {

	private final Items items;

	private final Writes writes;

	private final SearchCache cache;

	private final ReentrantLock embedded = new ReentrantLock(true);

	Ingest(Items items, Writes writes, SearchCache cache) {
		this.items = items;
		this.writes = writes;
		this.cache = cache;
	}

	BulkResult store(Batch batch, boolean atomic) {
		if (atomic && !batch.rejected().isEmpty()) {
			throw new SearchProblems.RejectedAtomically(batch.rejected());
		}
		int inserted = insert(batch);
		return new BulkResult(inserted, batch.repeated() + batch.items().size() - inserted, batch.rejected());
	}

	// Two requests storing the same new items at once can collide on their fingerprints:
	// on PostgreSQL as a deadlock when they met the items in opposite orders; the loser
	// starts over (Writes runs it again) and finds them stored. H2 checks NOT EXISTS
	// against committed rows
	// only, so there two such requests could collide however often retried; it serves
	// one process, whose ingests take turns.
	private int insert(Batch batch) {
		boolean turns = !this.items.takesConcurrentInserts();
		if (turns) {
			this.embedded.lock();
		}
		try {
			return this.writes.commit(evictions -> {
				int inserted = this.items.insert(batch.items());
				if (inserted > 0) {
					this.cache.evictSearches(evictions);
				}
				return inserted;
			}, List.of(DuplicateKeyException.class));
		}
		finally {
			if (turns) {
				this.embedded.unlock();
			}
		}
	}

}
