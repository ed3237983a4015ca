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
import dev.keel.platform.Paging;
import dev.keel.platform.QueryParameters;

/**
 * The query of {@code GET /v1/}: the filters, under either of their names, and paging.
 * Both bounds are inclusive; a {@code before} date covers its whole day.
 */
final class SearchParameters {

	private static final Set<String> ALLOWED = Set.of("after", "before", "contains", "title", "uri", "url", "limit",
			"offset", "cursor");

	private final HttpServletRequest request;

	private final @Nullable LocalDateTime from;

	private final @Nullable LocalDateTime until;

	private final @Nullable String term;

	private final @Nullable String uri;

	SearchParameters(HttpServletRequest request) {
		this.request = request;
		QueryParameters.requireOnly(request, ALLOWED);
		this.from = bound("after", false);
		// Exclusive, so that a day and a timestamp bound read the same way.
		this.until = bound("before", true);
		if (this.from != null && this.until != null && !this.from.isBefore(this.until)) {
			throw new InvalidInput("after", "is later than before");
		}
		String contains = either("contains", "title");
		this.term = (contains != null) ? Folding.fold(Folding.collapse(contains)) : null;
		this.uri = either("uri", "url");
	}

	/** The page asked for, of the items the filters match. */
	Listing query() {
		return Items.query(this.from, this.until, this.term, this.uri, Paging.of(this.request));
	}

	/** The title term, folded as titles are; null without one. */
	@Nullable String term() {
		return this.term;
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
