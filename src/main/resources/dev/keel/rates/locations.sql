-- The kind of each requested location: a port code, a region slug, or (if absent) unknown.
SELECT code AS location, 'port' AS kind FROM ports WHERE code IN (:locations)
UNION ALL
SELECT slug AS location, 'region' AS kind FROM regions WHERE slug IN (:locations)
