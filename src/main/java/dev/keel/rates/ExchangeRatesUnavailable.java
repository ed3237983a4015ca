package dev.keel.rates;

import org.jspecify.annotations.Nullable;

/** The exchange-rate API failed or answered nonsense; answered with 502. */
class ExchangeRatesUnavailable extends RuntimeException {

	ExchangeRatesUnavailable(String reason, @Nullable Throwable cause) {
		super(reason, cause);
	}

}
