/**
 * Who may do what, and how often: API keys (created by the {@code api-keys} command or
 * {@code /admin/api-keys}, kept only as digests), roles checked on Spring Security for
 * every route group, and request limits per client and group, shared through Redis by
 * every instance of a deployment. Names each request's client for the other modules
 * ({@link dev.keel.platform.Clients}).
 */
@ApplicationModule
@NullMarked
package dev.keel.access;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
