package dev.keel.rates;

import org.jspecify.annotations.Nullable;

import dev.keel.platform.InvalidInput;

/** A validated {@code GET /rates} request. */
record RateQuery(String origin, String destination, DateRange range, int minPrices) {

	static RateQuery parse(@Nullable String dateFrom, @Nullable String dateTo, @Nullable String origin,
			@Nullable String destination, @Nullable String minPrices, int defaultMinPrices, int maxRangeDays) {
		DateRange range = DateRange.parse(dateFrom, dateTo, maxRangeDays);
		return new RateQuery(location("origin", origin), location("destination", destination), range,
				minPrices(minPrices, defaultMinPrices));
	}

	private static String location(String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidInput(field, "is required: a port code or a region slug");
		}
		return value.strip();
	}

	private static int minPrices(@Nullable String text, int fallback) {
		if (text == null) {
			return fallback;
		}
		try {
			int value = Integer.parseInt(text.strip());
			if (value >= 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidInput("min_prices", "'" + text + "' is not a whole number of 0 or more");
	}

}
