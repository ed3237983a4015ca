package dev.keel.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestShapeTests {

	@Test
	void findsDotSegmentsHoweverTheyAreSpelt() {
		assertThat(RequestShape.hasDotSegment("/actuator/health/../env")).isTrue();
		assertThat(RequestShape.hasDotSegment("/actuator/health/%2E%2e/env")).isTrue();
		assertThat(RequestShape.hasDotSegment("/books/./1")).isTrue();
		assertThat(RequestShape.hasDotSegment("/books/..;x=1/1")).isTrue();
		assertThat(RequestShape.hasDotSegment("/books/1")).isFalse();
		assertThat(RequestShape.hasDotSegment("/api/a..b/...")).isFalse();
	}

	@Test
	void aContentTypeMustBeOneMediaTypeAndNotMultipart() {
		assertThat(RequestShape.contentTypeProblem("application/json; charset=UTF-8")).isNull();
		assertThat(RequestShape.contentTypeProblem("application/x-www-form-urlencoded")).isNull();
		assertThat(RequestShape.contentTypeProblem("*/*")).contains("pattern");
		assertThat(RequestShape.contentTypeProblem("text/*")).contains("pattern");
		assertThat(RequestShape.contentTypeProblem("multipart/form-data")).contains("multipart");
		assertThat(RequestShape.contentTypeProblem("garbage")).contains("not a media type");
	}

}
