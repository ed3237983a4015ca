package dev.keel.search;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.keel.platform.InvalidInput;
import dev.keel.platform.Listing;
import dev.keel.platform.PageRequest;
import dev.keel.platform.QueryParameters;

/**
 * The query of {@code GET /v1/}: the filters, under either of their names, and paging.
 * Both bounds are inclusive; a {@code before} date covers its whole day.
 */
final class SearchParameters {

	private static final Set<String> ALLOWED = Set.of("after", "before", "contains", "title", "uri", "url", "limit",
			"offset", "cursor");

	private final HttpServletRequest request;

	private final Listing filter = new Listing();

	private final @Nullable String term;

	SearchParameters(HttpServletRequest request) {
		this.request = request;
		QueryParameters.requireOnly(request, ALLOWED);
		LocalDateTime from = bound("after", false);
		LocalDateTime until = bound("before", true);
		if (from != null && until != null && !from.isBefore(until)) {
			throw new InvalidInput("after", "is later than before");
		}
		if (from != null) {
			this.filter.where("t.item_date >= :after", "after", from);
		}
		if (until != null) {
			// Exclusive, so that a day and a timestamp bound read the same way.
			this.filter.where("t.item_date < :before_end", "before_end", until);
		}
		String contains = either("contains", "title");
		this.term = (contains != null) ? Folding.fold(Folding.collapse(contains)) : null;
		if (this.term != null) {
			this.filter.containsFolded("t.folded_title", "contains", this.term);
		}
		String uri = either("uri", "url");
		if (uri != null) {
			this.filter.contains("url", "uri", uri);
		}
	}

	Listing filter() {
		return this.filter;
	}

	/** The title term, folded as titles are; null without one. */
	@Nullable String term() {
		return this.term;
	}

	PageRequest page() {
		return PageRequest.of(this.request.getParameter("limit"), this.request.getParameter("offset"),
				this.request.getParameter("cursor"), this.filter.canonical(Items.NEWEST_FIRST));
	}

	/** The cache key of the page asked for. */
	String key(PageRequest page) {
		return page.cacheKey(this.filter.canonical(Items.NEWEST_FIRST), this.request.getParameter("cursor"));
	}

	private @Nullable String either(String name, String alias) {
		String value = text(name);
		String other = text(alias);
		if (value != null && other != null) {
			throw new InvalidInput(alias, "is another name for " + name + "; give one of them");
		}
		return (value != null) ? value : other;
	}

	private @Nullable String text(String name) {
		return QueryParameters.text(this.request, name);
	}

	// A date (YYYY-MM-DD) or a timestamp, with an offset converted to UTC. An upper bound
	// is returned exclusive: the next day, or the next microsecond. Items are stored to
	// the microsecond, so a finer lower bound rounds up, a finer upper bound down.
	private @Nullable LocalDateTime bound(String name, boolean upper) {
		String value = text(name);
		if (value == null) {
			return null;
		}
		try {
			if (value.length() == 10) {
				LocalDate day = LocalDate.parse(value);
				return upper ? day.plusDays(1).atStartOfDay() : day.atStartOfDay();
			}
			LocalDateTime exact = local(value);
			LocalDateTime time = exact.truncatedTo(ChronoUnit.MICROS);
			return (upper || time.isBefore(exact)) ? time.plus(1, ChronoUnit.MICROS) : time;
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInput(name, "'" + value + "' is not a date (YYYY-MM-DD) or an ISO-8601 timestamp");
		}
		// Well formed, but beyond the years java.time can move to (a year near 10^9).
		catch (DateTimeException ex) {
			throw new InvalidInput(name, "'" + value + "' is out of range");
		}
	}

	private static LocalDateTime local(String value) {
		try {
			return LocalDateTime.parse(value);
		}
		catch (DateTimeParseException ex) {
			return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
		}
	}

}
