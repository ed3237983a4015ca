-- The same figures as lane_averages.sql when both locations are regions, read from the
-- per-day summary by region pair: its cost depends on the size of the two subtrees,
-- not on the number of ports or prices.
WITH RECURSIVE
    origin_regions (slug) AS (
        SELECT slug FROM regions WHERE slug = :origin
        UNION
        SELECT r.slug FROM regions r JOIN origin_regions o ON r.parent_slug = o.slug
    ),
    destination_regions (slug) AS (
        SELECT slug FROM regions WHERE slug = :destination
        UNION
        SELECT r.slug FROM regions r JOIN destination_regions d ON r.parent_slug = d.slug
    )
SELECT s.day, SUM(s.price_count) AS price_count, SUM(s.price_sum) AS price_sum
FROM region_daily_prices s
WHERE s.orig_region IN (SELECT slug FROM origin_regions)
  AND s.dest_region IN (SELECT slug FROM destination_regions)
  AND s.day BETWEEN :date_from AND :date_to
GROUP BY s.day
ORDER BY s.day
