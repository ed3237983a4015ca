-- Adds one price to the summary row of its region pair and day. Standard MERGE, run by
-- both H2 and PostgreSQL 15+; two uploads creating the same row at once make one of
-- them fail on the primary key, and PriceUploads retries it.
MERGE INTO region_daily_prices t
USING (SELECT CAST(:orig_region AS VARCHAR(200)) AS orig_region,
              CAST(:dest_region AS VARCHAR(200)) AS dest_region,
              CAST(:day AS DATE) AS day,
              CAST(:price AS BIGINT) AS price) s
ON t.orig_region = s.orig_region AND t.dest_region = s.dest_region AND t.day = s.day
WHEN MATCHED THEN
    UPDATE SET price_count = t.price_count + 1, price_sum = t.price_sum + s.price
WHEN NOT MATCHED THEN
    INSERT (orig_region, dest_region, day, price_count, price_sum)
    VALUES (s.orig_region, s.dest_region, s.day, 1, s.price)
