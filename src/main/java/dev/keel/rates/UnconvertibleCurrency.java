package dev.keel.rates;

import dev.keel.platform.InvalidInput;

/** A currency that cannot be converted to USD. */
class UnconvertibleCurrency extends InvalidInput {

	UnconvertibleCurrency(String reason) {
		super("currency", reason);
	}

}
