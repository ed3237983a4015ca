package dev.keel.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * Runs a Spring test on the embedded default: H2 (in memory here) and the in-process
 * cache.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:keel;NON_KEYWORDS=DAY;DB_CLOSE_DELAY=-1")
public @interface OnEmbeddedStorage {

}
