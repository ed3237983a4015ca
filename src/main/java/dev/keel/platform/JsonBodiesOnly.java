package dev.keel.platform;

import java.util.Set;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bodies are JSON, read by the one strictly configured JSON mapper. A library on the
 * class path (springdoc brings Jackson's YAML module) would otherwise add a converter
 * with none of its rules: snake_case, unknown fields refused, no coercion.
 */
@Configuration(proxyBeanMethods = false)
class JsonBodiesOnly implements WebMvcConfigurer {

	private static final Set<String> OTHER_FORMATS = Set.of("yaml", "x-yaml", "xml", "x-jackson-smile", "cbor");

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
		converters.configureMessageConvertersList(list -> list.removeIf(JsonBodiesOnly::otherFormat));
	}

	private static boolean otherFormat(HttpMessageConverter<?> converter) {
		return converter.getSupportedMediaTypes()
			.stream()
			.map(MediaType::getSubtype)
			.anyMatch(subtype -> OTHER_FORMATS.contains(subtype) || subtype.endsWith("+xml"));
	}

}
