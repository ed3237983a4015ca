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
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
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
@Tag(name = "Rates")
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
	@Operation(operationId = "getRates", summary = "Average price per day between two ports or regions",
			description = "One entry for every day from date_from to date_to (both included), ascending. "
					+ "average_price is the average of every price that day on every lane from an origin port to a "
					+ "destination port, rounded half up to whole dollars, or null on a day with fewer than "
					+ "min_prices prices. A region stands for every port in it and in the regions below it. "
					+ "Unknown query parameters are refused.",
			parameters = {
					@Parameter(name = "date_from", in = ParameterIn.QUERY, required = true,
							description = "first day, YYYY-MM-DD", schema = @Schema(type = "string", format = "date"),
							example = "2016-01-01"),
					@Parameter(name = "date_to", in = ParameterIn.QUERY, required = true,
							description = "last day, YYYY-MM-DD, included; not before date_from, and at most "
									+ "keel.rates.max-range-days (366) days from it, both ends counted",
							schema = @Schema(type = "string", format = "date"), example = "2016-01-10"),
					@Parameter(name = "origin", in = ParameterIn.QUERY, required = true,
							description = "port code or region slug", example = "CNSGH"),
					@Parameter(name = "destination", in = ParameterIn.QUERY, required = true,
							description = "port code or region slug", example = "north_europe_main"),
					@Parameter(name = "min_prices", in = ParameterIn.QUERY,
							description = "fewest prices a day needs for an average",
							schema = @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "1")) })
	@ApiResponse(responseCode = "200", description = "one entry per day, ascending",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					array = @ArraySchema(schema = @Schema(implementation = DailyAverage.class)),
					examples = @ExampleObject(value = """
							[{"day":"2016-01-01","average_price":1112},{"day":"2016-01-02","average_price":1112},\
							{"day":"2016-01-03","average_price":null}]""")))
	@ApiResponse(responseCode = "400",
			description = "a missing or malformed date, date_to before date_from or too far from it, an unknown "
					+ "port or region, a malformed min_prices, an unknown parameter")
	@GetMapping({ "/rates", "/rates_null" })
	void rates(@Parameter(hidden = true) HttpServletRequest request,
			@Parameter(hidden = true) HttpServletResponse response) throws IOException {
		averages(request, response, request.getRequestURI().endsWith("/rates_null") ? 3 : 1);
	}

	// Described with uploadForm, as the other content type of one operation.
	@Operation(hidden = true)
	@PostMapping(path = "/rates", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<PriceUploads.Receipt> uploadJson(@RequestBody PriceUpload.Request body) {
		return created(this.uploads.upload(body.validate(this.properties.maxRangeDays())));
	}

	@Operation(operationId = "uploadPrices", summary = "Store a price for a lane on every day of a range",
			description = "One transaction: a price for every day from date_from to date_to on the lane from "
					+ "origin_code to destination_code (two ports). The fields come as a JSON body, as a form, or "
					+ "(as clients of the original system send them) as query parameters without a body. currency "
					+ "(ISO 4217, default USD) converts the price to whole US dollars, half up, at the latest "
					+ "rates of the configured exchange-rate service.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
					description = "the upload, as JSON or as a form; or no body, with the fields as query parameters",
					content = {
							@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
									schema = @Schema(implementation = PriceUpload.Request.class),
									examples = @ExampleObject(value = """
											{"date_from":"2016-01-01","date_to":"2016-01-03","origin_code":"CNSGH",\
											"destination_code":"GBFXT","price":1200}""")),
							@Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
									schema = @Schema(implementation = PriceUpload.Request.class)) }),
			parameters = {
					@Parameter(name = "date_from", in = ParameterIn.QUERY,
							description = "without a body: first day, YYYY-MM-DD",
							schema = @Schema(type = "string", format = "date")),
					@Parameter(name = "date_to", in = ParameterIn.QUERY,
							description = "without a body: last day, YYYY-MM-DD, included",
							schema = @Schema(type = "string", format = "date")),
					@Parameter(name = "origin_code", in = ParameterIn.QUERY,
							description = "without a body: origin port code"),
					@Parameter(name = "destination_code", in = ParameterIn.QUERY,
							description = "without a body: destination port code"),
					@Parameter(name = "price", in = ParameterIn.QUERY,
							description = "without a body: a whole number of 0 or more",
							schema = @Schema(type = "integer", format = "int32", minimum = "0")),
					@Parameter(name = "currency", in = ParameterIn.QUERY,
							description = "without a body: ISO 4217 code of the price",
							schema = @Schema(type = "string", defaultValue = "USD", example = "EUR")) })
	@ApiResponse(responseCode = "201", description = "stored; Location reads the lane back",
			headers = @Header(name = HttpHeaders.LOCATION, description = "GET /rates for the lane and the range",
					schema = @Schema(type = "string")),
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = PriceUploads.Receipt.class), examples = @ExampleObject(value = """
							{"origin_code":"CNSGH","destination_code":"GBFXT","date_from":"2016-01-01",\
							"date_to":"2016-01-03","price_usd":1200,"days_stored":3}""")))
	@ApiResponse(responseCode = "400",
			description = "a missing or malformed field, an unknown port, a price that is not a whole number of 0 "
					+ "or more, an unknown currency (or any but USD without an exchange-rate app id), an unknown "
					+ "parameter or JSON field, malformed JSON; nothing stored")
	@ApiResponse(responseCode = "502", description = "the exchange-rate service failed; nothing stored")
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
