/**
 * What the modules share and nothing more: the RFC 9457 error format, request-size
 * limits, query-parameter checks and the scoped response cache (in-process or Redis).
 */
@ApplicationModule
@NullMarked
package dev.keel.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
