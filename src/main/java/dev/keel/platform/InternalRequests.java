package dev.keel.platform;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Requests an instance sends to itself (the requests of a load-test run): they carry a
 * token only this process knows, so the access module can serve them as one internal
 * client rather than limit them like a stranger on loopback. A request to another
 * instance carries a token that instance does not know, and is treated like any other.
 */
@Component
public final class InternalRequests {

	/** The header the token travels in. */
	public static final String HEADER = "X-Keel-Internal";

	/** The client such requests are counted as. No key may take this name. */
	public static final String CLIENT = "internal";

	private final String token;

	InternalRequests() {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	/** The value of {@link #HEADER} on this process's own requests. */
	public String token() {
		return this.token;
	}

	/** Whether {@code request} was sent by this process. */
	public boolean sentBySelf(HttpServletRequest request) {
		String sent = request.getHeader(HEADER);
		return sent != null && java.security.MessageDigest.isEqual(sent.getBytes(), this.token.getBytes());
	}

}
