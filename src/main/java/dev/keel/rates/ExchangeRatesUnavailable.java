package dev.keel.rates;

/** The exchange-rate API failed or answered nonsense; answered with 502. */
class ExchangeRatesUnavailable extends RuntimeException {

	ExchangeRatesUnavailable(String reason, Throwable cause) {
		super(reason, cause);
	}

}
