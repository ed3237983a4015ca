package dev.keel.rates;

import dev.keel.platform.InvalidInput;

/** A batch body that cannot be read as rows at all: 400, and nothing is kept. */
class UnreadableBatch extends InvalidInput {

	UnreadableBatch(long line, String reason) {
		super("body", "line " + line + ": " + reason);
	}

}
