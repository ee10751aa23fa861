-- Recorded configuration changes of a service: every PUT, every applied recommendation and every
-- rollback, with the config before and after (as JSON documents of ServiceConfig fields).
-- A rollback points at the change it undoes; a change can be rolled back once.
CREATE TABLE config_change (
    change_id          BIGSERIAL   PRIMARY KEY,
    service_id         TEXT        NOT NULL,
    kind               TEXT        NOT NULL CHECK (kind IN ('PUT', 'APPLY', 'ROLLBACK')),
    recommendation_id  TEXT,
    config_before      JSONB,
    config_after       JSONB       NOT NULL,
    version_after      BIGINT      NOT NULL CHECK (version_after >= 1),
    rolls_back         BIGINT      REFERENCES config_change (change_id),
    rolled_back_by     BIGINT      REFERENCES config_change (change_id),
    actor_key_id       TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);

CREATE INDEX config_change_service_idx ON config_change (service_id, change_id);
-- A recommendation is applied at most once while it stands applied.
CREATE UNIQUE INDEX config_change_one_apply_idx ON config_change (recommendation_id)
    WHERE kind = 'APPLY' AND rolled_back_by IS NULL;
