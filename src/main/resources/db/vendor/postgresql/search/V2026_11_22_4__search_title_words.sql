-- Title search by words (docs/architecture.md, "Search: words, not trigrams"). The
-- trigram index over whole titles made a rare term cost 38 ms at 10,000,000 items
-- (each of its trigrams is in tens of thousands of titles) and was most of the ingest
-- work. Instead: the distinct words of each folded title, in a GIN index (a few
-- entries per item), and every word there is once, in a small table with a trigram
-- index. A term is looked up among the words, then the items holding one of them are
-- read and checked with the LIKE. The service fills both; this fills existing rows.
ALTER TABLE search_items ADD COLUMN title_words TEXT[];
UPDATE search_items SET title_words = array_remove(string_to_array(folded_title, ' '), '');
ALTER TABLE search_items ALTER COLUMN title_words SET NOT NULL;
CREATE INDEX search_items_title_words ON search_items USING gin (title_words);

CREATE TABLE search_words (word TEXT PRIMARY KEY);
INSERT INTO search_words SELECT DISTINCT unnest(title_words) FROM search_items;
CREATE INDEX search_words_trigrams ON search_words USING gin (word gin_trgm_ops);

DROP INDEX search_items_title_trigrams;
