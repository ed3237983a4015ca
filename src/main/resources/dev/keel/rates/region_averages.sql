-- The same figures as lane_averages.sql when both locations are regions, from the
-- per-day summary by region pair: its cost depends on the size of the two subtrees,
-- not on the number of ports or prices.
SELECT day, SUM(price_count) AS price_count, SUM(price_sum) AS price_sum
FROM region_daily_prices
WHERE orig_region IN (:origin_regions)
  AND dest_region IN (:destination_regions)
  AND day BETWEEN :date_from AND :date_to
GROUP BY day
ORDER BY day
