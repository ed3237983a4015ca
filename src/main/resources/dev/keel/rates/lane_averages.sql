-- Count and sum of every individual price per day on the lanes between two sets of
-- ports. The port lists are given exactly, so the planner walks the covering index
-- prices_lane_day lane by lane instead of guessing their size.
SELECT day, COUNT(*) AS price_count, SUM(CAST(price AS BIGINT)) AS price_sum
FROM prices
WHERE orig_code IN (:origin_ports)
  AND dest_code IN (:destination_ports)
  AND day BETWEEN :date_from AND :date_to
GROUP BY day
ORDER BY day
