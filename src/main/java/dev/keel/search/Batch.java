package dev.keel.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The records of one request, sorted out: the items to store (each once), how many
 * repeated an earlier record of the same request, and the rejections.
 */
final class Batch {

	private final List<NormalizedItem> items = new ArrayList<>();

	private final Set<UUID> fingerprints = new HashSet<>();

	private final List<Rejection> rejected = new ArrayList<>();

	private int repeated;

	void add(RecordRules.Outcome outcome) {
		switch (outcome) {
			case NormalizedItem item -> {
				if (this.fingerprints.add(item.fingerprint())) {
					this.items.add(item);
				}
				else {
					this.repeated++;
				}
			}
			case Rejection rejection -> this.rejected.add(rejection);
		}
	}

	List<NormalizedItem> items() {
		return this.items;
	}

	List<Rejection> rejected() {
		return this.rejected;
	}

	int repeated() {
		return this.repeated;
	}

	int size() {
		return this.items.size() + this.repeated + this.rejected.size();
	}

}
