-- API keys of the query API. Only a SHA-256 hash of each key is stored: keys are 256-bit random
-- values, so a fast hash cannot be brute-forced, and an index on it makes the lookup one probe.
-- key_prefix is a short, non-secret head of the key, for telling keys apart in lists and logs.
CREATE TABLE api_key (
    key_id      TEXT        PRIMARY KEY,
    key_hash    BYTEA       NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
    key_prefix  TEXT        NOT NULL,
    role        TEXT        NOT NULL CHECK (role IN ('VIEWER', 'OPERATOR', 'ADMIN')),
    description TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);

-- A service's SLOs, budget, owner and deployment as last written through the API; the same
-- content is published to the compacted topic costflow.service-config.v1 (key = service_id).
-- version increases by one with every change.
CREATE TABLE service_config (
    service_id           TEXT             PRIMARY KEY,
    owner                TEXT             NOT NULL,
    availability_target  DOUBLE PRECISION NOT NULL CHECK (availability_target > 0 AND availability_target < 1),
    latency_threshold_ms DOUBLE PRECISION NOT NULL CHECK (latency_threshold_ms > 0),
    latency_target       DOUBLE PRECISION NOT NULL CHECK (latency_target > 0 AND latency_target < 1),
    monthly_budget       NUMERIC(38, 12)  CHECK (monthly_budget >= 0),
    budget_currency      CHAR(3)          NOT NULL,
    budget_time_zone     TEXT             NOT NULL,
    instance_type        TEXT             NOT NULL,
    replicas             INTEGER          NOT NULL CHECK (replicas >= 1),
    version              BIGINT           NOT NULL CHECK (version >= 1),
    updated_at           TIMESTAMPTZ      NOT NULL
);
