package dev.keel.library;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.keel.platform.InvalidInput;
import dev.keel.platform.Paging;
import dev.keel.platform.QueryParameters;
import dev.keel.platform.SortKey;
import dev.keel.platform.SortOrder;

/** Reads the query parameters of a list: filters, sort and paging. */
final class ListParameters {

	static final Set<String> PAGING = Set.of("limit", "offset", "cursor", "sort");

	private final HttpServletRequest request;

	ListParameters(HttpServletRequest request, Set<String> filters) {
		this.request = request;
		QueryParameters.requireOnly(request, union(filters));
	}

	@Nullable String text(String name) {
		return QueryParameters.text(this.request, name);
	}

	@Nullable Long id(String name) {
		String value = this.request.getParameter(name);
		return (value != null) ? QueryParameters.wholeNumber(value, name, 0, 1, Long.MAX_VALUE - 1) : null;
	}

	@Nullable LocalDate date(String name) {
		String value = this.request.getParameter(name);
		if (value == null) {
			return null;
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInput(name, "'" + value + "' is not a date (YYYY-MM-DD)");
		}
	}

	SortOrder sort(Map<String, SortKey> allowed) {
		return SortOrder.parse(this.request.getParameter("sort"), allowed);
	}

	/**
	 * {@code limit}, {@code offset} and {@code cursor}, read with the query they page.
	 */
	Paging paging() {
		return Paging.of(this.request);
	}

	private static Set<String> union(Set<String> filters) {
		Set<String> all = new HashSet<>(PAGING);
		all.addAll(filters);
		return all;
	}

}
