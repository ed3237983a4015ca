package dev.keel.rates;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Converts prices to USD with the latest rates of an openexchangerates.org-compatible API
 * ({@code GET <base-url>/latest.json?app_id=...}), fetched at most once per UTC day.
 */
@Component
class ExchangeRates {

	static final Currency USD = Currency.getInstance("USD");

	/**
	 * Rates are units of a currency per one US dollar; other fields are not ours to
	 * check.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Latest(@Nullable String base, @Nullable Map<String, BigDecimal> rates) {

	}

	private final RatesProperties.ExchangeRates settings;

	private final RestClient http;

	private final Clock clock;

	private final Cache<LocalDate, Map<String, BigDecimal>> ratesByDay = Caffeine.newBuilder()
		.maximumSize(2)
		.expireAfterWrite(Duration.ofDays(1))
		.build();

	ExchangeRates(RatesProperties properties, RestClient.Builder http) {
		this.settings = properties.exchangeRates();
		this.http = http.clone()
			.baseUrl(this.settings.baseUrl().toString())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.build(HttpClientSettings.defaults().withTimeouts(this.settings.timeout(), this.settings.timeout())))
			.build();
		this.clock = Clock.systemUTC();
	}

	/** The price in whole US dollars, rounded half up. */
	long toUsd(BigDecimal price, Currency currency) {
		if (currency.equals(USD)) {
			return price.longValueExact();
		}
		if (!this.settings.configured()) {
			throw new UnconvertibleCurrency("only USD is accepted: no exchange-rate API is configured "
					+ "(set keel.rates.exchange-rates.app-id), so " + currency + " cannot be converted");
		}
		BigDecimal rate = latest().get(currency.getCurrencyCode());
		if (rate == null || rate.signum() <= 0) {
			throw new UnconvertibleCurrency("the exchange-rate API has no rate for " + currency);
		}
		return price.divide(rate, MathContext.DECIMAL64).setScale(0, RoundingMode.HALF_UP).longValueExact();
	}

	private Map<String, BigDecimal> latest() {
		return this.ratesByDay.get(LocalDate.now(this.clock), day -> fetch());
	}

	private Map<String, BigDecimal> fetch() {
		Latest latest;
		try {
			latest = this.http.get()
				.uri(uri -> uri.path("/latest.json").queryParam("app_id", this.settings.appId()).build())
				.retrieve()
				.body(Latest.class);
		}
		catch (RestClientException ex) {
			throw new ExchangeRatesUnavailable(ex.getMessage(), ex);
		}
		if (latest == null || latest.rates() == null || !"USD".equals(latest.base())) {
			throw new ExchangeRatesUnavailable("the answer has no USD-based rates", null);
		}
		return Map.copyOf(latest.rates());
	}

}
