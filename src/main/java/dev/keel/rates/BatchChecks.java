package dev.keel.rates;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.keel.platform.InvalidInput;

/**
 * Checks the rows of one batch against the ports and regions known when its upload began,
 * and converts their prices to USD with one {@link ExchangeRates.Converter}. It keeps the
 * first {@value #KEPT_ERRORS} errors.
 */
final class BatchChecks {

	static final int KEPT_ERRORS = 100;

	private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");

	/** A row that passed, its price in USD. */
	record Price(long line, String origin, String destination, LocalDate day, int priceUsd) {

	}

	private final Set<String> ports;

	private final Set<String> regions;

	private final ExchangeRates.Converter converter;

	private final List<PriceBatch.Error> errors = new ArrayList<>();

	private boolean passed = true;

	BatchChecks(Set<String> ports, Set<String> regions, ExchangeRates.Converter converter) {
		this.ports = ports;
		this.regions = regions;
		this.converter = converter;
	}

	/** The row's price, or null when the row is wrong (the error is kept). */
	@Nullable Price check(BatchReader.Row row) {
		if (row.problem() != null) {
			return error(row.problem());
		}
		String origin = port(row, "origin_code", row.origin());
		String destination = port(row, "destination_code", row.destination());
		LocalDate day = day(row);
		Integer price = price(row);
		if (origin == null || destination == null || day == null || price == null) {
			return null;
		}
		return new Price(row.line(), origin, destination, day, price);
	}

	/** Whether every row so far passed. */
	boolean passed() {
		return this.passed;
	}

	List<PriceBatch.Error> errors() {
		return List.copyOf(this.errors);
	}

	private @Nullable String port(BatchReader.Row row, String field, @Nullable String code) {
		if (code == null) {
			return error(row, field, "is required: a port code");
		}
		if (this.ports.contains(code)) {
			return code;
		}
		if (this.regions.contains(code)) {
			return error(row, field, "'" + BatchReader.shown(code) + "' is a region; a batch names ports only");
		}
		return error(row, field, "'" + BatchReader.shown(code) + "' is not a known port code");
	}

	private @Nullable LocalDate day(BatchReader.Row row) {
		String text = row.day();
		if (text == null) {
			return error(row, "day", "is required: a day as YYYY-MM-DD");
		}
		if (DAY.matcher(text).matches() && !text.startsWith("0000")) {
			try {
				return LocalDate.parse(text);
			}
			catch (DateTimeParseException ex) {
				return error(row, "day", "'" + text + "' is not a day of the calendar");
			}
		}
		return error(row, "day", "'" + BatchReader.shown(text) + "' is not a day as YYYY-MM-DD");
	}

	private @Nullable Integer price(BatchReader.Row row) {
		Currency currency = currency(row);
		String text = row.price();
		if (text == null) {
			return error(row, "price", "is required: a whole number of 0 or more");
		}
		BigDecimal price;
		try {
			// Most prices are plain digits; the rest take the rules of POST /rates.
			price = DIGITS.matcher(text).matches() ? BigDecimal.valueOf(Long.parseLong(text))
					: PriceUpload.wholePrice(PriceUpload.parsePrice(text));
			if (price.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
				return error(row, "price", "must be at most " + Integer.MAX_VALUE);
			}
			if (currency == null) {
				return null;
			}
			long usd = this.converter.toUsd(price, currency);
			if (usd > Integer.MAX_VALUE) {
				return error(row, "price", "is more than " + Integer.MAX_VALUE + " USD");
			}
			return (int) usd;
		}
		catch (InvalidInput ex) {
			return error(row, ex.field(), ex.reason());
		}
	}

	private @Nullable Currency currency(BatchReader.Row row) {
		try {
			return PriceUpload.currencyOf(row.currency());
		}
		catch (InvalidInput ex) {
			return error(row, ex.field(), ex.reason());
		}
	}

	private <T> @Nullable T error(BatchReader.Row row, @Nullable String field, String reason) {
		return error(new PriceBatch.Error(row.line(), field, reason));
	}

	private <T> @Nullable T error(PriceBatch.Error error) {
		if (this.errors.size() < KEPT_ERRORS) {
			this.errors.add(error);
		}
		this.passed = false;
		return null;
	}

}
