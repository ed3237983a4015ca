-- Freight rates: the region tree, ports, individual prices, and a per-day summary of
-- prices by region pair that keeps region-to-region averages cheap at any data size.
CREATE TABLE regions (
    slug        VARCHAR(200) PRIMARY KEY,
    name        VARCHAR(500) NOT NULL,
    parent_slug VARCHAR(200) REFERENCES regions (slug)
);
CREATE INDEX regions_parent_slug ON regions (parent_slug);

CREATE TABLE ports (
    code        VARCHAR(5) PRIMARY KEY,
    name        VARCHAR(500) NOT NULL,
    parent_slug VARCHAR(200) NOT NULL REFERENCES regions (slug)
);
CREATE INDEX ports_parent_slug ON ports (parent_slug);

-- One row per individual price: several prices for a lane on one day are normal.
CREATE TABLE prices (
    orig_code VARCHAR(5) NOT NULL REFERENCES ports (code),
    dest_code VARCHAR(5) NOT NULL REFERENCES ports (code),
    day       DATE       NOT NULL,
    price     INTEGER    NOT NULL CHECK (price >= 0)
);
-- Covers the lane query entirely (price included), so it never reads the table.
CREATE INDEX prices_lane_day ON prices (orig_code, dest_code, day, price);

-- Derived from prices: count and sum per day for each pair of the ports' own regions.
-- Written in the same transaction as the prices it summarises.
CREATE TABLE region_daily_prices (
    orig_region VARCHAR(200) NOT NULL,
    dest_region VARCHAR(200) NOT NULL,
    day         DATE         NOT NULL,
    price_count BIGINT       NOT NULL,
    price_sum   BIGINT       NOT NULL,
    PRIMARY KEY (orig_region, dest_region, day)
);
