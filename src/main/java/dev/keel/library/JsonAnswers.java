package dev.keel.library;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Answers as JSON bytes, the form the cache keeps them in. A resource's bytes carry its
 * ETag on a first line, so that a cached answer needs no parsing to give its header.
 */
@Component
class JsonAnswers {

	private final JsonMapper json;

	JsonAnswers(JsonMapper json) {
		this.json = json;
	}

	byte[] bytes(Object value) {
		return this.json.writeValueAsBytes(value);
	}

	byte[] tagged(long version, Object value) {
		byte[] tag = (IfMatch.etag(version) + "\n").getBytes(StandardCharsets.US_ASCII);
		byte[] body = bytes(value);
		byte[] tagged = Arrays.copyOf(tag, tag.length + body.length);
		System.arraycopy(body, 0, tagged, tag.length, body.length);
		return tagged;
	}

	ResponseEntity<byte[]> ok(byte[] body) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	/** An answer from {@link #tagged} bytes: the ETag header and the JSON. */
	ResponseEntity<byte[]> fromTagged(HttpStatus status, byte[] tagged) {
		int newline = 0;
		while (tagged[newline] != '\n') {
			newline++;
		}
		return ResponseEntity.status(status)
			.eTag(new String(tagged, 0, newline, StandardCharsets.US_ASCII))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Arrays.copyOfRange(tagged, newline + 1, tagged.length));
	}

}
