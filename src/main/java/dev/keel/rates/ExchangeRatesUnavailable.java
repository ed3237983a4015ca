package dev.keel.rates;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

import dev.keel.platform.FieldProblem;

/** The exchange-rate API failed or answered nonsense; answered with 502. */
class ExchangeRatesUnavailable extends FieldProblem {

	ExchangeRatesUnavailable(String reason, @Nullable Throwable cause) {
		super(HttpStatus.BAD_GATEWAY, "currency",
				"conversion rates are unavailable right now (" + reason + "); nothing was stored", cause);
	}

}
