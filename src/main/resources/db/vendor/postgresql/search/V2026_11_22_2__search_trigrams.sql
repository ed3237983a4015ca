-- PostgreSQL only: trigram indexes serve the substring filters on the folded title and
-- on the lower-cased URL. H2, the embedded default, scans.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX search_items_title_trigrams ON search_items USING gin (folded_title gin_trgm_ops);
CREATE INDEX search_items_url_trigrams ON search_items USING gin (LOWER(url) gin_trgm_ops);
