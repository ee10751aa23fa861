-- SLO burn-rate transitions (topic costflow.alerts.sla.v1). alert_id is deterministic, so an
-- at-least-once redelivery upserts the same row.
CREATE TABLE sla_alert (
    alert_id               TEXT             PRIMARY KEY,
    service_id             TEXT             NOT NULL,
    slo_kind               TEXT             NOT NULL CHECK (slo_kind IN ('AVAILABILITY', 'LATENCY')),
    state                  TEXT             NOT NULL CHECK (state IN ('FIRING', 'RESOLVED')),
    severity               TEXT             NOT NULL CHECK (severity IN ('PAGE', 'TICKET')),
    long_window_seconds    BIGINT           NOT NULL,
    short_window_seconds   BIGINT           NOT NULL,
    long_window_burn_rate  DOUBLE PRECISION NOT NULL,
    short_window_burn_rate DOUBLE PRECISION NOT NULL,
    error_budget_remaining DOUBLE PRECISION NOT NULL,
    event_time             TIMESTAMPTZ      NOT NULL,
    emitted_at             TIMESTAMPTZ      NOT NULL
);

CREATE INDEX sla_alert_service_time_idx ON sla_alert (service_id, event_time);
CREATE INDEX sla_alert_time_idx ON sla_alert (event_time);

-- Budget, forecast, spend burn-rate and anomaly alerts (topic costflow.alerts.budget.v1), once
-- per (scope, period, threshold, kind); alert_id is deterministic.
CREATE TABLE budget_alert (
    alert_id          TEXT            PRIMARY KEY,
    scope             TEXT            NOT NULL CHECK (scope IN ('SERVICE', 'OWNER')),
    scope_id          TEXT            NOT NULL,
    kind              TEXT            NOT NULL CHECK (kind IN ('ACTUAL', 'FORECAST', 'SPEND_BURN_RATE', 'ANOMALY')),
    period            TEXT            NOT NULL,
    threshold_percent INTEGER         NOT NULL,
    currency          CHAR(3)         NOT NULL,
    budget            NUMERIC(38, 12) NOT NULL,
    spend_to_date     NUMERIC(38, 12) NOT NULL,
    provisional_spend NUMERIC(38, 12) NOT NULL,
    forecast          NUMERIC(38, 12),
    expected_cost     NUMERIC(38, 12),
    actual_cost       NUMERIC(38, 12),
    message           TEXT            NOT NULL,
    event_time        TIMESTAMPTZ     NOT NULL,
    emitted_at        TIMESTAMPTZ     NOT NULL
);

CREATE INDEX budget_alert_scope_time_idx ON budget_alert (scope, scope_id, event_time);
CREATE INDEX budget_alert_time_idx ON budget_alert (event_time);
