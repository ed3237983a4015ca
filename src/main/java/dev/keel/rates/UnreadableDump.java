package dev.keel.rates;

/** A dump the importer cannot load as it stands; nothing of it is kept. */
class UnreadableDump extends RuntimeException {

	UnreadableDump(long line, String reason) {
		super("line " + line + ": " + reason);
	}

	UnreadableDump(String reason) {
		super(reason);
	}

}
