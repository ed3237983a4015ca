package dev.keel.search;

/**
 * A stored item, as the API shows it.
 *
 * @param date ISO-8601 without offset, seconds always shown ({@link ItemDates#text})
 */
record Item(long id, String title, String url, String date) {

}
