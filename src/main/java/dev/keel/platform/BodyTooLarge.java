package dev.keel.platform;

/** A request body over the configured limit; answered with 413. */
class BodyTooLarge extends RuntimeException {

	BodyTooLarge(long limit) {
		super("request body exceeds the limit of " + limit + " bytes");
	}

}
