package dev.keel.rates;

import java.time.LocalDate;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import dev.keel.platform.InvalidInput;
import dev.keel.platform.Writes;

/**
 * Stores uploads: converts the price, writes every day in one transaction, and evicts the
 * cached answers the new prices change (see {@link Writes}).
 */
@Service
class PriceUploads {

	private final Prices prices;

	private final ExchangeRates exchangeRates;

	private final RatesCache cache;

	private final Writes writes;

	private final PortsLock portsLock;

	PriceUploads(Prices prices, ExchangeRates exchangeRates, RatesCache cache, Writes writes, PortsLock portsLock) {
		this.prices = prices;
		this.exchangeRates = exchangeRates;
		this.cache = cache;
		this.writes = writes;
		this.portsLock = portsLock;
	}

	/** Receipt of a stored upload, as {@code POST /rates} answers it. */
	record Receipt(String originCode, String destinationCode, LocalDate dateFrom, LocalDate dateTo, long priceUsd,
			long daysStored) {

	}

	Receipt upload(PriceUpload upload) {
		long priceUsd = this.exchangeRates.toUsd(upload.price(), upload.currency());
		if (priceUsd > Integer.MAX_VALUE) {
			throw new InvalidInput("price", "is more than " + Integer.MAX_VALUE + " USD");
		}
		// Two first uploads for the same region pair and day may both try to create its
		// summary row; the loser fails on the primary key and runs again.
		this.writes.commit(evictions -> {
			this.portsLock.holdPorts();
			this.prices.store(upload, priceUsd);
			this.cache.evictLane(evictions, this.prices.portAndEnclosingRegions(upload.originCode()),
					this.prices.portAndEnclosingRegions(upload.destinationCode()));
			return null;
		}, List.of(DuplicateKeyException.class));
		return new Receipt(upload.originCode(), upload.destinationCode(), upload.range().from(), upload.range().to(),
				priceUsd, upload.range().days());
	}

}
