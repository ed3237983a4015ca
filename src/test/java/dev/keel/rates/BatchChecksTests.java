package dev.keel.rates;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class BatchChecksTests {

	private final BatchChecks checks = new BatchChecks(Set.of("CNSGH", "NLRTM"), Set.of("china_main"),
			usdOnly().converter());

	@Test
	void passesAGoodRowWithItsPriceInUsd() {
		assertThat(this.checks.check(row("CNSGH", "NLRTM", "2016-02-29", "2147483647", "usd")))
			.isEqualTo(new BatchChecks.Price(2, "CNSGH", "NLRTM", LocalDate.of(2016, 2, 29), Integer.MAX_VALUE));
		assertThat(this.checks.check(row("CNSGH", "NLRTM", "2016-01-01", "12.00", null)).priceUsd()).isEqualTo(12);
		assertThat(this.checks.passed()).isTrue();
	}

	@Test
	void namesEachWrongFieldOfARowWithItsLine() {
		assertThat(this.checks.check(row("china_main", "XXXXX", "2016-02-30", "-5", "ABC"))).isNull();
		assertThat(this.checks.check(row(null, "NLRTM", "16-01-01", "1.5", null))).isNull();
		assertThat(this.checks.check(row("CNSGH", "NLRTM", "2016-01-01", "2147483648", null))).isNull();
		assertThat(this.checks.check(row("CNSGH", "NLRTM", "0000-01-01", "1e3", "EUR"))).isNull();
		assertThat(this.checks.passed()).isFalse();
		assertThat(this.checks.errors()).extracting(PriceBatch.Error::field, PriceBatch.Error::reason)
			.containsExactly(tuple("origin_code", "'china_main' is a region; a batch names ports only"),
					tuple("destination_code", "'XXXXX' is not a known port code"),
					tuple("day", "'2016-02-30' is not a day of the calendar"),
					tuple("currency", "'ABC' is not an ISO 4217 currency code"), tuple("price", "must not be negative"),
					tuple("origin_code", "is required: a port code"),
					tuple("day", "'16-01-01' is not a day as YYYY-MM-DD"), tuple("price", "1.5 is not a whole number"),
					tuple("price", "must be at most 2147483647"),
					tuple("day", "'0000-01-01' is not a day as YYYY-MM-DD"),
					tuple("currency", "only USD is accepted: no exchange-rate API is configured "
							+ "(set keel.rates.exchange-rates.app-id), so EUR cannot be converted"));
		assertThat(this.checks.errors()).extracting(PriceBatch.Error::line).containsOnly(2L);
	}

	@Test
	void keepsTheFirstHundredErrors() {
		for (int i = 0; i < 150; i++) {
			this.checks.check(row("CNSGH", "NLRTM", "2016-01-01", "-1", null));
		}
		assertThat(this.checks.errors()).hasSize(BatchChecks.KEPT_ERRORS);
	}

	private static BatchReader.Row row(String origin, String destination, String day, String price, String currency) {
		return new BatchReader.Row(2, origin, destination, day, price, currency, null);
	}

	private static org.assertj.core.groups.Tuple tuple(Object... values) {
		return org.assertj.core.groups.Tuple.tuple(values);
	}

	private static ExchangeRates usdOnly() {
		return new ExchangeRates(
				new RatesProperties(366, true,
						new RatesProperties.ExchangeRates(URI.create("http://127.0.0.1:9"), null,
								Duration.ofSeconds(1)),
						new RatesProperties.Batches(RatesProperties.Batches.Queue.DATABASE, 1, DataSize.ofMegabytes(1),
								1, 1, 1, 1, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1))),
				RestClient.builder());
	}

}
