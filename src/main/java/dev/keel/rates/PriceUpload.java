package dev.keel.rates;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.keel.platform.Characters;
import dev.keel.platform.FieldProblem;
import dev.keel.platform.InvalidInput;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** A validated {@code POST /rates}: one price for a lane on every day of a range. */
record PriceUpload(DateRange range, String originCode, String destinationCode, BigDecimal price, Currency currency) {

	private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]{1,9})?");

	/** The request as it arrives, in JSON or as form or query parameters. */
	record Request(
			@Schema(requiredMode = REQUIRED, format = "date", description = "first day") @Nullable String dateFrom,
			@Schema(requiredMode = REQUIRED, format = "date",
					description = "last day, included; not before date_from, at most "
							+ "keel.rates.max-range-days (366) days from it, both ends counted") @Nullable String dateTo,
			@Schema(requiredMode = REQUIRED, description = "origin port code") @Nullable String originCode,
			@Schema(requiredMode = REQUIRED, description = "destination port code") @Nullable String destinationCode,
			@Schema(requiredMode = REQUIRED, type = "integer", format = "int32", minimum = "0",
					description = "the price, a whole number") @Nullable BigDecimal price,
			@Schema(defaultValue = "USD",
					description = "ISO 4217 code of the price's currency") @Nullable String currency) {

		PriceUpload validate(int maxRangeDays) {
			return new PriceUpload(DateRange.parse(this.dateFrom, this.dateTo, maxRangeDays),
					port("origin_code", this.originCode), port("destination_code", this.destinationCode),
					wholePrice(this.price), currencyOf(this.currency));
		}

	}

	/**
	 * Fields outside a JSON body are taken only as the original clients send them: in a
	 * form, or in the query string of a request with no body type. Any other type (a
	 * {@code text/plain} body, which any web page can make a browser send) is refused, so
	 * that a page cannot write prices through its visitors' browsers with a type the
	 * service would never read.
	 */
	static void requireFormOrNone(@Nullable String contentType) {
		if (contentType != null
				&& !MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType))) {
			throw new FieldProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, HttpHeaders.CONTENT_TYPE, "'" + contentType
					+ "' is not accepted; send application/json, or application/x-www-form-urlencoded fields");
		}
	}

	static BigDecimal parsePrice(@Nullable String text) {
		if (text == null || text.isBlank()) {
			throw new InvalidInput("price", "is required: a whole number of 0 or more");
		}
		// BigDecimal alone would also read digits of other scripts ("５").
		if (!DECIMAL.matcher(text.strip()).matches()) {
			throw new InvalidInput("price", "'" + text + "' is not a number in the digits 0-9");
		}
		try {
			return new BigDecimal(text.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidInput("price", "'" + text + "' is not a number");
		}
	}

	private static String port(String field, @Nullable String code) {
		if (code == null || code.isBlank()) {
			throw new InvalidInput(field, "is required: a port code");
		}
		return Characters.check(field, code.strip());
	}

	static BigDecimal wholePrice(@Nullable BigDecimal price) {
		if (price == null) {
			throw new InvalidInput("price", "is required: a whole number of 0 or more");
		}
		BigDecimal whole = price.stripTrailingZeros();
		if (whole.scale() > 0) {
			// toString, not toPlainString: 1E-999999999 would spell out a billion digits.
			throw new InvalidInput("price", price + " is not a whole number");
		}
		if (whole.signum() < 0) {
			throw new InvalidInput("price", "must not be negative");
		}
		if (whole.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
			throw new InvalidInput("price", "must be at most " + Integer.MAX_VALUE);
		}
		return whole;
	}

	static Currency currencyOf(@Nullable String code) {
		if (code == null || code.isBlank()) {
			return ExchangeRates.USD;
		}
		String upper = code.strip().toUpperCase(Locale.ROOT);
		try {
			if (upper.length() == 3) {
				return Currency.getInstance(upper);
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below
		}
		throw new InvalidInput("currency", "'" + code + "' is not an ISO 4217 currency code");
	}

}
