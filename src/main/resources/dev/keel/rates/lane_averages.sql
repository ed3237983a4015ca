-- Count and sum of every individual price per day between two locations, each a port
-- or a region standing for every port in its subtree. UNION (not UNION ALL) in the
-- recursion keeps it finite even on a malformed tree.
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
    ),
    origin_ports (code) AS (
        SELECT code FROM ports WHERE code = :origin OR parent_slug IN (SELECT slug FROM origin_regions)
    ),
    destination_ports (code) AS (
        SELECT code FROM ports WHERE code = :destination OR parent_slug IN (SELECT slug FROM destination_regions)
    )
SELECT p.day, COUNT(*) AS price_count, SUM(CAST(p.price AS BIGINT)) AS price_sum
FROM prices p
WHERE p.orig_code IN (SELECT code FROM origin_ports)
  AND p.dest_code IN (SELECT code FROM destination_ports)
  AND p.day BETWEEN :date_from AND :date_to
GROUP BY p.day
ORDER BY p.day
