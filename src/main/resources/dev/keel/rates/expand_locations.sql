-- What each requested location stands for, one row per (region, port) it covers: a port
-- stands for itself; a region for every region in its subtree (recursively, at any
-- depth) and every port in those. A region without ports (or when no port was asked
-- for) gives a row with a null port.
-- UNION (not UNION ALL) keeps the recursion finite even on a malformed tree.
WITH RECURSIVE subtree (location, slug) AS (
    SELECT slug, slug FROM regions WHERE slug IN (:locations)
    UNION
    SELECT s.location, r.slug FROM regions r JOIN subtree s ON r.parent_slug = s.slug
)
SELECT code AS location, 'port' AS kind, parent_slug AS region, code AS port
FROM ports
WHERE code IN (:locations)
UNION ALL
SELECT s.location, 'region' AS kind, s.slug AS region, p.code AS port
FROM subtree s
LEFT JOIN ports p ON p.parent_slug = s.slug
    -- Ports matter only when a side is a port; two regions read the region summary.
    AND EXISTS (SELECT 1 FROM ports WHERE code IN (:locations))
