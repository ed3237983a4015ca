-- Request counts per UTC hour and per UTC day (step 'hour' or 'day', bucket_start in
-- epoch seconds) of the embedded default; the production profile keeps them in Redis.
-- Rows older than their retention are deleted as batches are added.
CREATE TABLE stats_url_buckets (
    step         VARCHAR(4)    NOT NULL,
    bucket_start BIGINT        NOT NULL,
    url          VARCHAR(2048) NOT NULL,
    requests     BIGINT        NOT NULL,
    PRIMARY KEY (step, bucket_start, url)
);

-- One path over time (GET /stats/series).
CREATE INDEX stats_url_buckets_by_url ON stats_url_buckets (url, step, bucket_start);

CREATE TABLE stats_client_buckets (
    step         VARCHAR(4)    NOT NULL,
    bucket_start BIGINT        NOT NULL,
    client       VARCHAR(2048) NOT NULL,
    requests     BIGINT        NOT NULL,
    PRIMARY KEY (step, bucket_start, client)
);

-- Each bucket's total, kept with its counts, so a window's total needs no scan.
CREATE TABLE stats_bucket_totals (
    step         VARCHAR(4) NOT NULL,
    bucket_start BIGINT     NOT NULL,
    requests     BIGINT     NOT NULL,
    PRIMARY KEY (step, bucket_start)
);

-- The last batch applied per instance (a random id per start), so a batch sent again
-- after a commit whose outcome was unknown counts once. Kept a week.
CREATE TABLE stats_applied (
    source     VARCHAR(64) PRIMARY KEY,
    sequence   BIGINT      NOT NULL,
    applied_at BIGINT      NOT NULL
);
