package dev.keel.rates;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import dev.keel.platform.QueryParameters;

/** {@code GET /rates}, {@code GET /rates_null} and {@code POST /rates}. */
@RestController
class RatesController {

	private static final Set<String> QUERY_PARAMETERS = Set.of("date_from", "date_to", "origin", "destination",
			"min_prices");

	private static final Set<String> UPLOAD_PARAMETERS = Set.of("date_from", "date_to", "origin_code",
			"destination_code", "price", "currency");

	private final AverageRates averageRates;

	private final PriceUploads uploads;

	private final RatesCache cache;

	private final RatesProperties properties;

	private final JsonMapper json;

	RatesController(AverageRates averageRates, PriceUploads uploads, RatesCache cache, RatesProperties properties,
			JsonMapper json) {
		this.averageRates = averageRates;
		this.uploads = uploads;
		this.cache = cache;
		this.properties = properties;
		this.json = json;
	}

	@Operation(summary = "Average price per day between two ports or regions; null for a day without prices")
	@GetMapping(path = "/rates", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> rates(HttpServletRequest request,
			@Parameter(description = "first day, YYYY-MM-DD") @RequestParam(name = "date_from",
					required = false) @Nullable String dateFrom,
			@Parameter(description = "last day, YYYY-MM-DD, included") @RequestParam(name = "date_to",
					required = false) @Nullable String dateTo,
			@Parameter(description = "port code or region slug") @RequestParam(
					required = false) @Nullable String origin,
			@Parameter(description = "port code or region slug") @RequestParam(
					required = false) @Nullable String destination,
			@Parameter(description = "fewest prices a day needs for an average (default 1)") @RequestParam(
					name = "min_prices", required = false) @Nullable String minPrices) {
		return averages(request, dateFrom, dateTo, origin, destination, minPrices, 1);
	}

	@Operation(summary = "As GET /rates, but a day with fewer than 3 prices (or min_prices) gives null")
	@GetMapping(path = "/rates_null", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> ratesNull(HttpServletRequest request,
			@RequestParam(name = "date_from", required = false) @Nullable String dateFrom,
			@RequestParam(name = "date_to", required = false) @Nullable String dateTo,
			@RequestParam(required = false) @Nullable String origin,
			@RequestParam(required = false) @Nullable String destination,
			@RequestParam(name = "min_prices", required = false) @Nullable String minPrices) {
		return averages(request, dateFrom, dateTo, origin, destination, minPrices, 3);
	}

	@Operation(summary = "Upload a price for a lane on every day of a range (JSON body)")
	@PostMapping(path = "/rates", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<PriceUploads.Receipt> uploadJson(@RequestBody PriceUpload.Request body) {
		return created(this.uploads.upload(body.validate(this.properties.maxRangeDays())));
	}

	@Operation(summary = "Upload a price for a lane on every day of a range (form or query parameters)")
	@PostMapping(path = "/rates")
	ResponseEntity<PriceUploads.Receipt> uploadForm(HttpServletRequest request,
			@RequestParam(name = "date_from", required = false) @Nullable String dateFrom,
			@RequestParam(name = "date_to", required = false) @Nullable String dateTo,
			@RequestParam(name = "origin_code", required = false) @Nullable String originCode,
			@RequestParam(name = "destination_code", required = false) @Nullable String destinationCode,
			@RequestParam(required = false) @Nullable String price,
			@RequestParam(required = false) @Nullable String currency) {
		QueryParameters.requireOnly(request, UPLOAD_PARAMETERS);
		BigDecimal amount = PriceUpload.parsePrice(price);
		var upload = new PriceUpload.Request(dateFrom, dateTo, originCode, destinationCode, amount, currency);
		return created(this.uploads.upload(upload.validate(this.properties.maxRangeDays())));
	}

	private ResponseEntity<byte[]> averages(HttpServletRequest request, @Nullable String dateFrom,
			@Nullable String dateTo, @Nullable String origin, @Nullable String destination, @Nullable String minPrices,
			int defaultMinPrices) {
		QueryParameters.requireOnly(request, QUERY_PARAMETERS);
		RateQuery query = RateQuery.parse(dateFrom, dateTo, origin, destination, minPrices, defaultMinPrices,
				this.properties.maxRangeDays());
		byte[] body = this.properties.cacheEnabled() ? this.cache.get(query, () -> render(query)) : render(query);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private byte[] render(RateQuery query) {
		List<DailyAverage> averages = DailyAverage.of(query.range(), this.averageRates.totals(query),
				query.minPrices());
		return this.json.writeValueAsBytes(averages);
	}

	private static ResponseEntity<PriceUploads.Receipt> created(PriceUploads.Receipt receipt) {
		URI location = UriComponentsBuilder.fromPath("/rates")
			.queryParam("date_from", receipt.dateFrom())
			.queryParam("date_to", receipt.dateTo())
			.queryParam("origin", receipt.originCode())
			.queryParam("destination", receipt.destinationCode())
			.encode()
			.build()
			.toUri();
		return ResponseEntity.created(location).body(receipt);
	}

}
