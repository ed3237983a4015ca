/**
 * Request statistics: every request a route serves, in any module, counted by its path;
 * the ranked report, its reset, the simulated {@code /api/**} endpoints and load-test
 * runs against them. Counts live in Redis in production and in the embedded database
 * otherwise.
 */
@ApplicationModule
@NullMarked
package dev.keel.stats;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
