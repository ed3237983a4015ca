package dev.keel.rates;

import java.time.LocalDate;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.keel.platform.InvalidInput;

/**
 * Stores uploads: converts the price, writes every day in one transaction, and evicts the
 * cached answers the new prices change before returning.
 */
@Service
class PriceUploads {

	private static final Logger log = LoggerFactory.getLogger(PriceUploads.class);

	private static final int ATTEMPTS = 3;

	private final Prices prices;

	private final ExchangeRates exchangeRates;

	private final RatesCache cache;

	private final TransactionTemplate transactions;

	PriceUploads(Prices prices, ExchangeRates exchangeRates, RatesCache cache, TransactionTemplate transactions) {
		this.prices = prices;
		this.exchangeRates = exchangeRates;
		this.cache = cache;
		this.transactions = transactions;
	}

	/** Receipt of a stored upload, as {@code POST /rates} answers it. */
	record Receipt(String originCode, String destinationCode, LocalDate dateFrom, LocalDate dateTo, long priceUsd,
			long daysStored) {

	}

	/** Each port of the lane followed by the regions that enclose it. */
	private record Lane(List<String> origin, List<String> destination) {

	}

	Receipt upload(PriceUpload upload) {
		long priceUsd = this.exchangeRates.toUsd(upload.price(), upload.currency());
		if (priceUsd > Integer.MAX_VALUE) {
			throw new InvalidInput("price", "is more than " + Integer.MAX_VALUE + " USD");
		}
		Lane lane = storeRetrying(upload, priceUsd);
		try {
			this.cache.evictLane(lane.origin(), lane.destination());
		}
		catch (RuntimeException ex) {
			// The prices are committed: a 500 now would invite a retry that stores them
			// twice. Cached answers for the lane may be stale until keel.cache.ttl.
			log.error("Upload on {} -> {} stored, but its cached answers could not be evicted", upload.originCode(),
					upload.destinationCode(), ex);
		}
		return new Receipt(upload.originCode(), upload.destinationCode(), upload.range().from(), upload.range().to(),
				priceUsd, upload.range().days());
	}

	// Two first uploads for the same region pair and day may both try to create its
	// summary row; the loser fails on the primary key and simply runs again.
	private Lane storeRetrying(PriceUpload upload, long priceUsd) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.transactions.execute(status -> {
					this.prices.store(upload, priceUsd);
					return new Lane(this.prices.portAndEnclosingRegions(upload.originCode()),
							this.prices.portAndEnclosingRegions(upload.destinationCode()));
				});
			}
			catch (DuplicateKeyException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

}
