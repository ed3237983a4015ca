-- Request counts of the embedded default; the production profile keeps them in Redis.
CREATE TABLE stats_counts (
    url      VARCHAR(2048) PRIMARY KEY,
    requests BIGINT        NOT NULL
);

-- The report's order: most requested first, ties by path.
CREATE INDEX stats_counts_ranked ON stats_counts (requests DESC, url);

-- One row, kept with the counts in the same transaction, so the report's totals never
-- need a scan of every path.
CREATE TABLE stats_totals (
    id             INT    PRIMARY KEY CHECK (id = 1),
    total_requests BIGINT NOT NULL,
    distinct_urls  BIGINT NOT NULL
);

INSERT INTO stats_totals (id, total_requests, distinct_urls) VALUES (1, 0, 0);
