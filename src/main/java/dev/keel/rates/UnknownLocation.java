package dev.keel.rates;

import dev.keel.platform.InvalidInput;

/** A port code or region slug that names nothing. */
class UnknownLocation extends InvalidInput {

	UnknownLocation(String field, String location, String expected) {
		super(field, "'" + location + "' is not a known " + expected);
	}

}
