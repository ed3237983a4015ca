package dev.keel.rates;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the rates module.
 *
 * @param maxRangeDays the longest date range a query or upload may span, both ends
 * counted
 * @param cacheEnabled whether {@code GET /rates} answers are cached
 * @param exchangeRates where non-USD prices get their conversion rates
 */
@ConfigurationProperties("keel.rates")
record RatesProperties(int maxRangeDays, boolean cacheEnabled, ExchangeRates exchangeRates) {

	RatesProperties {
		if (maxRangeDays < 1) {
			throw new IllegalArgumentException("keel.rates.max-range-days must be at least 1");
		}
	}

	/**
	 * An openexchangerates.org-compatible API.
	 *
	 * @param baseUrl the API root; {@code /latest.json} is read below it
	 * @param appId the API key; without it only USD prices are accepted
	 * @param timeout how long to wait for the API
	 */
	record ExchangeRates(URI baseUrl, @Nullable String appId, Duration timeout) {

		boolean configured() {
			return this.appId != null && !this.appId.isBlank();
		}

	}

}
