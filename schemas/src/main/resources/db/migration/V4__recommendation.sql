-- Recommendations of the recommendation job (topic costflow.recommendations.v1), one row per
-- stable recommendation_id, upserted when a recommendation appears, changes materially or is
-- withdrawn. Only a same-or-higher revision replaces a row, so a replay converges.
CREATE TABLE recommendation (
    recommendation_id         TEXT             PRIMARY KEY,
    service_id                TEXT             NOT NULL,
    kind                      TEXT             NOT NULL CHECK (kind IN ('RIGHTSIZE', 'SCALE_IN', 'IDLE', 'PRICING_MODEL')),
    state                     TEXT             NOT NULL CHECK (state IN ('OPEN', 'WITHDRAWN')),
    current_instance_type     TEXT             NOT NULL,
    current_replicas          INTEGER          NOT NULL CHECK (current_replicas >= 0),
    proposed_instance_type    TEXT,
    proposed_replicas         INTEGER          CHECK (proposed_replicas >= 0),
    proposed_pricing_model    TEXT,
    monthly_savings_list      NUMERIC(38, 12)  NOT NULL,
    monthly_savings_effective NUMERIC(38, 12)  NOT NULL,
    currency                  CHAR(3)          NOT NULL,
    confidence                DOUBLE PRECISION NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    predicted_utilization     DOUBLE PRECISION NOT NULL,
    predicted_p99_latency_ms  DOUBLE PRECISION NOT NULL,
    explanation               TEXT             NOT NULL,
    revision                  BIGINT           NOT NULL CHECK (revision >= 1),
    created_at                TIMESTAMPTZ      NOT NULL,
    updated_at                TIMESTAMPTZ      NOT NULL
);

CREATE INDEX recommendation_service_idx ON recommendation (service_id, kind, state);

-- Candidates an advisor considered and the SLO model turned down, with the reason
-- (e.g. "predicted p99 420 ms > SLO 300 ms"). One row per (service, kind): the latest verdict.
CREATE TABLE recommendation_rejection (
    service_id                TEXT             NOT NULL,
    kind                      TEXT             NOT NULL CHECK (kind IN ('RIGHTSIZE', 'SCALE_IN', 'IDLE', 'PRICING_MODEL')),
    proposed_instance_type    TEXT             NOT NULL,
    proposed_replicas         INTEGER          NOT NULL,
    proposed_pricing_model    TEXT             NOT NULL,
    predicted_utilization     DOUBLE PRECISION NOT NULL,
    predicted_p99_latency_ms  DOUBLE PRECISION NOT NULL,
    reason                    TEXT             NOT NULL,
    rejected_at               TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (service_id, kind)
);
