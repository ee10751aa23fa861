-- An applied recommendation can reopen with a new proposal: the pipeline withdraws it once the
-- deployment it was made for has changed, and later proposes again from windows measured on the
-- new one, under the same recommendation_id with a higher revision. That new revision can be
-- applied; the same revision only once while it stands applied. Rows from before this column
-- (revision NULL) keep blocking any further apply of their recommendation in the API's check.
ALTER TABLE config_change ADD COLUMN recommendation_revision BIGINT;

DROP INDEX config_change_one_apply_idx;
CREATE UNIQUE INDEX config_change_one_apply_idx
    ON config_change (recommendation_id, recommendation_revision)
    WHERE kind = 'APPLY' AND rolled_back_by IS NULL;
