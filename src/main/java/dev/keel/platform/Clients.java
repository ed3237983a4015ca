package dev.keel.platform;

import jakarta.servlet.ServletRequest;

/**
 * Who sent a request: the name of the API key it carried, or {@link #ANONYMOUS}. The
 * access module names the client before any controller runs; what counts or limits per
 * client reads it here.
 */
public final class Clients {

	/** Every request without a key, as one client. No key may take this name. */
	public static final String ANONYMOUS = "anonymous";

	private static final String ATTRIBUTE = Clients.class.getName() + ".client";

	private Clients() {
	}

	/** The client of {@code request}: a key's name or {@link #ANONYMOUS}. */
	public static String of(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof String client) ? client : ANONYMOUS;
	}

	/** Names the client of {@code request}, once its key is known to be valid. */
	public static void identify(ServletRequest request, String client) {
		request.setAttribute(ATTRIBUTE, client);
	}

}
