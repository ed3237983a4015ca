package dev.keel.platform;

import org.springframework.util.unit.DataSize;

/**
 * A larger body limit than {@code keel.http.max-body-size} for one path, declared by the
 * module that serves it as a bean.
 *
 * @param path the request path, exactly
 * @param size the largest body accepted there
 */
public record BodyLimit(String path, DataSize size) {

}
