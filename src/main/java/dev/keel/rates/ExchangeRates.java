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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Converts prices to USD with the latest rates of an openexchangerates.org-compatible API
 * ({@code GET <base-url>/latest.json?app_id=...}), fetched at most once per UTC day.
 */
@Component
class ExchangeRates {

	private static final Logger log = LoggerFactory.getLogger(ExchangeRates.class);

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
		return converter().toUsd(price, currency);
	}

	/**
	 * A conversion for many prices (a batch's): the rates are looked up once, when the
	 * first price that needs them comes.
	 */
	Converter converter() {
		return new Converter();
	}

	final class Converter {

		private @Nullable Map<String, BigDecimal> rates;

		private Converter() {
		}

		/** The price in whole US dollars, rounded half up. */
		long toUsd(BigDecimal price, Currency currency) {
			if (currency.equals(USD)) {
				return price.longValueExact();
			}
			if (!ExchangeRates.this.settings.configured()) {
				throw new UnconvertibleCurrency("only USD is accepted: no exchange-rate API is configured "
						+ "(set keel.rates.exchange-rates.app-id), so " + currency + " cannot be converted");
			}
			if (this.rates == null) {
				this.rates = latest();
			}
			BigDecimal rate = this.rates.get(currency.getCurrencyCode());
			if (rate == null || rate.signum() <= 0) {
				throw new UnconvertibleCurrency("the exchange-rate API has no rate for " + currency);
			}
			return price.divide(rate, MathContext.DECIMAL64).setScale(0, RoundingMode.HALF_UP).longValueExact();
		}

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
		catch (RestClientResponseException ex) {
			throw unavailable("the exchange-rate API answered " + ex.getStatusCode().value(), ex);
		}
		catch (ResourceAccessException ex) {
			throw unavailable("the exchange-rate API did not answer", ex);
		}
		catch (RestClientException ex) {
			throw unavailable("the exchange-rate API's answer is unreadable", ex);
		}
		if (latest == null || latest.rates() == null || !"USD".equals(latest.base())) {
			throw unavailable("the exchange-rate API's answer has no USD-based rates", null);
		}
		return Map.copyOf(latest.rates());
	}

	// The reason goes to the client, so it names no address: the API's URL is internal
	// and its query carries the app id. The log gets the URL, without the app id.
	private ExchangeRatesUnavailable unavailable(String reason, @Nullable RestClientException ex) {
		String endpoint = this.settings.baseUrl() + "/latest.json";
		if (ex == null) {
			log.warn("Exchange rates from {} unavailable: {}", endpoint, reason);
		}
		else {
			String cause = ex.getMostSpecificCause().toString();
			String appId = this.settings.appId();
			log.warn("Exchange rates from {} unavailable: {} ({})", endpoint, reason,
					(appId != null && !appId.isBlank()) ? cause.replace(appId, "<app-id>") : cause);
		}
		return new ExchangeRatesUnavailable(reason, null);
	}

}
