package dev.keel.rates;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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

	// The GET handler reads its parameters from the request itself: resolving five
	// annotated arguments costs more than the cached answer itself on the hot path.
	@Operation(summary = "Average price per day between two ports or regions",
			description = "A day with fewer than min_prices prices gives null. min_prices defaults to 1 on "
					+ "/rates and to 3 on /rates_null.",
			parameters = {
					@Parameter(name = "date_from", in = ParameterIn.QUERY, required = true,
							description = "first day, YYYY-MM-DD"),
					@Parameter(name = "date_to", in = ParameterIn.QUERY, required = true,
							description = "last day, YYYY-MM-DD, included"),
					@Parameter(name = "origin", in = ParameterIn.QUERY, required = true,
							description = "port code or region slug"),
					@Parameter(name = "destination", in = ParameterIn.QUERY, required = true,
							description = "port code or region slug"),
					@Parameter(name = "min_prices", in = ParameterIn.QUERY,
							description = "fewest prices a day needs for an average") })
	@ApiResponse(responseCode = "200", description = "one entry per day, ascending",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					array = @ArraySchema(schema = @Schema(implementation = DailyAverage.class))))
	@GetMapping({ "/rates", "/rates_null" })
	void rates(@Parameter(hidden = true) HttpServletRequest request,
			@Parameter(hidden = true) HttpServletResponse response) throws IOException {
		averages(request, response, request.getRequestURI().endsWith("/rates_null") ? 3 : 1);
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
		PriceUpload.requireFormOrNone(request.getContentType());
		QueryParameters.requireOnly(request, UPLOAD_PARAMETERS);
		BigDecimal amount = PriceUpload.parsePrice(price);
		var upload = new PriceUpload.Request(dateFrom, dateTo, originCode, destinationCode, amount, currency);
		return created(this.uploads.upload(upload.validate(this.properties.maxRangeDays())));
	}

	// Written straight to the response: the bytes are final JSON, and going through the
	// message converters cost about a quarter of the cached answers' throughput.
	private void averages(HttpServletRequest request, HttpServletResponse response, int defaultMinPrices)
			throws IOException {
		QueryParameters.requireOnly(request, QUERY_PARAMETERS);
		RateQuery query = RateQuery.parse(request.getParameter("date_from"), request.getParameter("date_to"),
				request.getParameter("origin"), request.getParameter("destination"), request.getParameter("min_prices"),
				defaultMinPrices, this.properties.maxRangeDays());
		byte[] body = this.cache.get(query, () -> render(query));
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
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
