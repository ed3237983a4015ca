-- Recomputes the whole summary from the prices, after an import.
INSERT INTO region_daily_prices (orig_region, dest_region, day, price_count, price_sum)
SELECT o.parent_slug, d.parent_slug, p.day, COUNT(*), SUM(CAST(p.price AS BIGINT))
FROM prices p
JOIN ports o ON o.code = p.orig_code
JOIN ports d ON d.code = p.dest_code
GROUP BY o.parent_slug, d.parent_slug, p.day
