package dev.keel.rates;

import org.jspecify.annotations.Nullable;

import dev.keel.platform.Characters;
import dev.keel.platform.InvalidInput;
import dev.keel.platform.QueryParameters;

/** A validated {@code GET /rates} request. */
record RateQuery(String origin, String destination, DateRange range, int minPrices) {

	static RateQuery parse(@Nullable String dateFrom, @Nullable String dateTo, @Nullable String origin,
			@Nullable String destination, @Nullable String minPrices, int defaultMinPrices, int maxRangeDays) {
		DateRange range = DateRange.parse(dateFrom, dateTo, maxRangeDays);
		return new RateQuery(location("origin", origin), location("destination", destination), range,
				(int) QueryParameters.wholeNumber(minPrices, "min_prices", defaultMinPrices, 0, Integer.MAX_VALUE));
	}

	private static String location(String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidInput(field, "is required: a port code or a region slug");
		}
		return Characters.check(field, value.strip());
	}

}
