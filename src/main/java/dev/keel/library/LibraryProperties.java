package dev.keel.library;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the library module.
 *
 * @param cacheEnabled whether reads by id and lists are cached
 */
@ConfigurationProperties("keel.library")
record LibraryProperties(boolean cacheEnabled) {

}
