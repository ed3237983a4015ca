/**
 * Freight rates: the region tree, ports and daily prices; average prices between any two
 * ports or regions, price uploads (with currency conversion) and the import of PostgreSQL
 * dumps of the public rates dataset.
 */
@ApplicationModule
@NullMarked
package dev.keel.rates;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
