/**
 * Content search: messy web-content records (title, URL, date) ingested in bulk,
 * normalized, stored once each, and searched by date range, title text and URL.
 */
@ApplicationModule
@NullMarked
package dev.keel.search;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
