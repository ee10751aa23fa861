-- When a service's instance type or replicas last changed (PUT, apply or rollback); NULL while
-- they are as its first config set them. The API publishes it in ServiceConfig.deployedAt, so the
-- pipeline reads only windows measured on the current deployment even when it starts without
-- state, and the API's profile query reads it here instead of searching config_change.
ALTER TABLE service_config ADD COLUMN deployed_at TIMESTAMPTZ;

-- The version the API last published with deployed_at. A config with a deployed_at whose version
-- differs has yet to reach the topic with it: filled in below from its history, or written by an
-- API of the release before (during a rolling upgrade). The API publishes those (ConfigRepublisher).
ALTER TABLE service_config ADD COLUMN published_version BIGINT;

UPDATE service_config sc
   SET deployed_at = (SELECT max(ch.created_at) FROM config_change ch
                       WHERE ch.service_id = sc.service_id
                         AND ch.config_before IS NOT NULL
                         AND (ch.config_before->>'instanceType'
                                  IS DISTINCT FROM ch.config_after->>'instanceType'
                              OR ch.config_before->>'replicas'
                                  IS DISTINCT FROM ch.config_after->>'replicas'));

CREATE INDEX service_config_unpublished_idx ON service_config (service_id)
    WHERE deployed_at IS NOT NULL AND published_version IS DISTINCT FROM version;

-- Kept by the database rather than by each statement that writes the row, so that every writer
-- keeps it, an API of the release before this one included. The rule is cost-model's
-- ServiceProfile.deploymentChanged (instance type or replicas differ). An update that does not
-- move updated_at (by hand, say) counts from the time of its transaction.
CREATE FUNCTION service_config_deployed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.instance_type, NEW.replicas) IS DISTINCT FROM (OLD.instance_type, OLD.replicas) THEN
        NEW.deployed_at := CASE WHEN NEW.updated_at > OLD.updated_at THEN NEW.updated_at
                                ELSE now() END;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER service_config_deployed_at BEFORE UPDATE ON service_config
    FOR EACH ROW EXECUTE FUNCTION service_config_deployed_at();
