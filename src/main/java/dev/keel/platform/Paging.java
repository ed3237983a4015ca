package dev.keel.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The paging parameters of a list request as the client sent them. They are read into a
 * {@link PageRequest} only with the query they page, since a cursor must belong to it.
 *
 * @param limit {@code limit}, or null
 * @param offset {@code offset}, or null
 * @param cursor {@code cursor}, or null
 */
public record Paging(@Nullable String limit, @Nullable String offset, @Nullable String cursor) {

	/** The first page, of the default size. */
	public static final Paging FIRST = new Paging(null, null, null);

	public static Paging of(HttpServletRequest request) {
		return new Paging(request.getParameter("limit"), request.getParameter("offset"),
				request.getParameter("cursor"));
	}

	/** The page of {@code query}, the canonical form of the list's filters and sort. */
	PageRequest read(String query) {
		return PageRequest.of(this.limit, this.offset, this.cursor, query);
	}

}
