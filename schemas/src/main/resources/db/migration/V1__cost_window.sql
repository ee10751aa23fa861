-- Cost and usage of one service in one event-time window (topic costflow.cost-windows.v1).
-- Written by the pipeline with idempotent upserts keyed by (service_id, window_start); a row is
-- only replaced by a higher revision, so a replay after a failure converges to the same rows.
CREATE TABLE cost_window (
    service_id        TEXT            NOT NULL,
    window_start      TIMESTAMPTZ     NOT NULL,
    window_end        TIMESTAMPTZ     NOT NULL,
    status            TEXT            NOT NULL CHECK (status IN ('PROVISIONAL', 'BILLED', 'CORRECTED')),
    revision          BIGINT          NOT NULL CHECK (revision >= 1),
    currency          CHAR(3)         NOT NULL,
    billed_cost       NUMERIC(38, 12) NOT NULL,
    effective_cost    NUMERIC(38, 12) NOT NULL,
    provisional_cost  NUMERIC(38, 12) NOT NULL,
    request_count     BIGINT          NOT NULL CHECK (request_count >= 0),
    error_count       BIGINT          NOT NULL CHECK (error_count >= 0),
    resource_count    INTEGER         NOT NULL CHECK (resource_count >= 0),
    updated_at        TIMESTAMPTZ     NOT NULL,
    PRIMARY KEY (service_id, window_start),
    CHECK (window_end > window_start)
);

-- Range queries over all services (totals by time range) scan by window_start.
CREATE INDEX cost_window_start_idx ON cost_window (window_start);
