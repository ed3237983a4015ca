package dev.keel.search;

import java.util.List;

/**
 * What a bulk request did with every record.
 *
 * @param inserted items stored by this request
 * @param duplicates records already stored, or repeating an earlier record of the request
 * @param rejected one entry per record that broke a rule
 */
record BulkResult(int inserted, int duplicates, List<Rejection> rejected) {

}
