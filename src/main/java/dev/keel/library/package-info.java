/**
 * The library catalog: authors and books, authorship many-to-many and ordered, with
 * optimistic locking, paged and filtered lists (offset or keyset cursor) and cached reads
 * that every write evicts precisely.
 */
@ApplicationModule
@NullMarked
package dev.keel.library;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
