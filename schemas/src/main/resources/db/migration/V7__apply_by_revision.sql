-- An applied recommendation can reopen with a new proposal: the pipeline withdraws it once the
-- deployment it was made for has changed, and later proposes again from windows measured on the
-- new one, under the same recommendation_id, with a new created_at and a higher revision. A
-- recommendation also starts again at revision 1, with a new created_at, when its service comes
-- back after the withdrawn retention. So an apply records which version of the recommendation it
-- applied, (created_at, revision): that version applies only once while it stands applied, and
-- any other version can be applied. Rows from before these columns (NULL) keep blocking any
-- further apply of their recommendation in the API's check.
ALTER TABLE config_change ADD COLUMN recommendation_revision BIGINT;
ALTER TABLE config_change ADD COLUMN recommendation_created_at TIMESTAMPTZ;

DROP INDEX config_change_one_apply_idx;
CREATE UNIQUE INDEX config_change_one_apply_idx
    ON config_change (recommendation_id, recommendation_created_at, recommendation_revision)
    WHERE kind = 'APPLY' AND rolled_back_by IS NULL;
