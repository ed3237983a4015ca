package dev.keel.rates;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the rates module.
 *
 * @param maxRangeDays the longest date range a query or upload may span, both ends
 * counted
 * @param cacheEnabled whether {@code GET /rates} answers are cached
 * @param exchangeRates where non-USD prices get their conversion rates
 * @param batches how price batches are taken and applied
 */
@ConfigurationProperties("keel.rates")
record RatesProperties(int maxRangeDays, boolean cacheEnabled, ExchangeRates exchangeRates, Batches batches) {

	RatesProperties {
		if (maxRangeDays < 1) {
			throw new IllegalArgumentException("keel.rates.max-range-days must be at least 1");
		}
	}

	/**
	 * An openexchangerates.org-compatible API.
	 *
	 * @param baseUrl the API root; {@code /latest.json} is read below it
	 * @param appId the API key; without it only USD prices are accepted
	 * @param timeout how long to wait for the API
	 */
	record ExchangeRates(URI baseUrl, @Nullable String appId, Duration timeout) {

		boolean configured() {
			return this.appId != null && !this.appId.isBlank();
		}

	}

	/**
	 * Price batches ({@code POST /rates/batches}).
	 *
	 * @param queue {@code database} (a table, applied by an in-process worker) or
	 * {@code rabbitmq} (a quorum queue every instance consumes)
	 * @param maxRows the most rows one batch may have
	 * @param maxBodySize the largest upload
	 * @param maxWaiting the most batches queued or applying before uploads get 429
	 * @param maxConcurrentUploads the most uploads one instance reads at once; more get
	 * 503
	 * @param maxAttempts how many times a batch is tried before it fails
	 * @param maxEvictedLanes the most lanes whose cached answers a batch evicts one by
	 * one; a batch with more evicts every cached rates answer
	 * @param pollInterval how often the database queue's worker and the sweep look for
	 * work
	 * @param republishAfter how long a batch stays queued with the RabbitMQ queue empty
	 * before the sweep publishes it again
	 * @param confirmTimeout how long an upload waits for RabbitMQ to confirm its message
	 */
	record Batches(Queue queue, long maxRows, DataSize maxBodySize, int maxWaiting, int maxConcurrentUploads,
			int maxAttempts, int maxEvictedLanes, Duration pollInterval, Duration republishAfter,
			Duration confirmTimeout) {

		enum Queue {

			DATABASE, RABBITMQ

		}

		Batches {
			if (maxRows < 1 || maxWaiting < 1 || maxConcurrentUploads < 1 || maxAttempts < 1) {
				throw new IllegalArgumentException(
						"keel.rates.batches.max-rows, max-waiting, max-concurrent-uploads and max-attempts must be at least 1");
			}
		}

	}

}
