-- PostgreSQL only: trigram indexes make the case-insensitive substring filters
-- (LOWER(title) LIKE '%term%') an index scan. H2, the embedded default, scans.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX books_title_trigrams ON books USING gin (LOWER(title) gin_trgm_ops);
CREATE INDEX authors_name_trigrams ON authors USING gin (LOWER(name) gin_trgm_ops);
