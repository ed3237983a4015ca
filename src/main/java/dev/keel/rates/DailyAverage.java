package dev.keel.rates;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The average price of one day, rounded half up, or null when the day has fewer prices
 * than asked for.
 */
record DailyAverage(LocalDate day, @Nullable Long averagePrice) {

	/** Count and sum of the prices of one day, as the SQL returns them. */
	record Totals(LocalDate day, long count, long sum) {

	}

	/**
	 * One average for every day of {@code range}, in order, days without data included.
	 */
	static List<DailyAverage> of(DateRange range, List<Totals> totals, int minPrices) {
		Map<LocalDate, Totals> byDay = new HashMap<>();
		totals.forEach(t -> byDay.put(t.day(), t));
		List<DailyAverage> averages = new ArrayList<>((int) range.days());
		for (LocalDate day : range.dates()) {
			Totals t = byDay.get(day);
			boolean enough = t != null && t.count() > 0 && t.count() >= minPrices;
			averages.add(new DailyAverage(day, enough ? roundedAverage(t.sum(), t.count()) : null));
		}
		return averages;
	}

	/**
	 * sum / count rounded half up; prices are never negative, so integer maths is exact.
	 */
	static long roundedAverage(long sum, long count) {
		return (2 * sum + count) / (2 * count);
	}

}
