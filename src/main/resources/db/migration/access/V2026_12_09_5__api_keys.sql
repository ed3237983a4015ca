-- API keys: only the SHA-256 digest of each secret is kept. A revoked key keeps its row
-- (its name is what limits and usage counted it as) until its name is given to a new key.
CREATE TABLE api_keys (
    name       VARCHAR(64)              PRIMARY KEY,
    role       VARCHAR(10)              NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
    digest     CHAR(64)                 NOT NULL UNIQUE,
    rate_limit VARCHAR(32),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE
);
