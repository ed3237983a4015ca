package dev.keel.rates;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.keel.platform.InvalidInput;

/** Where a price batch is, as {@code state} names it. */
enum BatchState {

	/** Only inside the upload's transaction: never seen by anyone else. */
	RECEIVING,

	/** Accepted and waiting its turn. */
	QUEUED,

	/** Being applied, or tried and to be tried again. */
	APPLYING,

	/** Its prices are in {@code prices}. */
	APPLIED,

	/** A row is wrong: nothing of it is applied. */
	REJECTED,

	/** Tried {@code keel.rates.batches.max-attempts} times without success. */
	FAILED;

	static final String PUBLIC = Arrays.stream(values())
		.filter(state -> state != RECEIVING)
		.map(BatchState::sql)
		.collect(Collectors.joining(", "));

	String sql() {
		return name().toLowerCase(Locale.ROOT);
	}

	boolean pending() {
		return this == QUEUED || this == APPLYING;
	}

	static BatchState of(String sql) {
		return valueOf(sql.toUpperCase(Locale.ROOT));
	}

	/** The {@code state} filter of a list. */
	static BatchState parse(String parameter, @Nullable String text) {
		for (BatchState state : values()) {
			if (state != RECEIVING && state.sql().equals(text)) {
				return state;
			}
		}
		throw new InvalidInput(parameter, "'" + BatchReader.shown(String.valueOf(text)) + "' is not one of " + PUBLIC);
	}

}
