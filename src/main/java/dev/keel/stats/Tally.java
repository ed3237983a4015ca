package dev.keel.stats;

/**
 * What one request is counted under: its path, its client and the UTC hour it came in
 * ({@code hour}, in epoch seconds of the hour's start).
 */
record Tally(String url, String client, long hour) {

}
