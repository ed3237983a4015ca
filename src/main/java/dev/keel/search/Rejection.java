package dev.keel.search;

/**
 * Why one record of a bulk request was not stored.
 *
 * @param index the record's place in {@code items}, from 0
 * @param field the first field that failed: {@code title}, {@code uri} or {@code date}
 * ({@code item} when the record is not an object)
 * @param reason what is wrong with it
 */
record Rejection(int index, String field, String reason) implements RecordRules.Outcome {

}
