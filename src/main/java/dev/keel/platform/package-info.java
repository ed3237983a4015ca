/**
 * What the modules share and nothing more: the RFC 9457 error format, request-size
 * limits, query-parameter checks, the scoped response cache (in-process or Redis), and
 * the {@code copy-sample} command, to which each module adds its part.
 */
@ApplicationModule
@NullMarked
package dev.keel.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
