-- The rest of ServiceCostWindow: what telemetry says about the window (utilisation, latency,
-- idle cost) and billing's breakdown by FOCUS charge category. Money stays NUMERIC(38, 12);
-- JSON documents carry amounts as strings.
ALTER TABLE cost_window
    ADD COLUMN cost_per_million_requests NUMERIC(38, 12),
    ADD COLUMN idle_cost                 NUMERIC(38, 12) NOT NULL DEFAULT 0,
    ADD COLUMN cost_by_category          JSONB           NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN cpu_p50                   DOUBLE PRECISION,
    ADD COLUMN cpu_p95                   DOUBLE PRECISION,
    ADD COLUMN cpu_p99                   DOUBLE PRECISION,
    ADD COLUMN cpu_max                   DOUBLE PRECISION,
    ADD COLUMN memory_p50                DOUBLE PRECISION,
    ADD COLUMN memory_p95                DOUBLE PRECISION,
    ADD COLUMN memory_p99                DOUBLE PRECISION,
    ADD COLUMN memory_max                DOUBLE PRECISION,
    ADD COLUMN latency_histogram         JSONB;
