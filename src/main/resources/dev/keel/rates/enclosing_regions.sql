-- Every region that contains the port, from its own region up to the root.
WITH RECURSIVE enclosing (slug) AS (
    SELECT parent_slug FROM ports WHERE code = :port
    UNION
    SELECT r.parent_slug FROM regions r JOIN enclosing e ON r.slug = e.slug WHERE r.parent_slug IS NOT NULL
)
SELECT slug FROM enclosing
