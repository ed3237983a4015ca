-- Adds a batch's prices to the summary rows of their region pairs and days, as
-- add_to_region_summary.sql does for one price.
MERGE INTO region_daily_prices t
USING (SELECT o.parent_slug AS orig_region, d.parent_slug AS dest_region, b.day AS day,
              COUNT(*) AS price_count, SUM(CAST(b.price AS BIGINT)) AS price_sum
       FROM rate_batch_prices b
       JOIN ports o ON o.code = b.orig_code
       JOIN ports d ON d.code = b.dest_code
       WHERE b.batch_id = :id
       GROUP BY o.parent_slug, d.parent_slug, b.day) s
ON t.orig_region = s.orig_region AND t.dest_region = s.dest_region AND t.day = s.day
WHEN MATCHED THEN
    UPDATE SET price_count = t.price_count + s.price_count, price_sum = t.price_sum + s.price_sum
WHEN NOT MATCHED THEN
    INSERT (orig_region, dest_region, day, price_count, price_sum)
    VALUES (s.orig_region, s.dest_region, s.day, s.price_count, s.price_sum)
