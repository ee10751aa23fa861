-- When a service's instance type or replicas last changed (PUT, apply or rollback); NULL while
-- they are as its first config set them. The API publishes it in ServiceConfig.deployedAt, so the
-- pipeline reads only windows measured on the current deployment even when it starts without
-- state, and the API's profile query reads it here instead of searching config_change.
ALTER TABLE service_config ADD COLUMN deployed_at TIMESTAMPTZ;

-- A config the topic may not carry as stored: set below for the configs whose deployed_at is
-- filled in from their history, which the API publishes once it starts (ConfigRepublisher).
ALTER TABLE service_config ADD COLUMN republish BOOLEAN NOT NULL DEFAULT false;

UPDATE service_config sc
   SET deployed_at = (SELECT max(ch.created_at) FROM config_change ch
                       WHERE ch.service_id = sc.service_id
                         AND ch.config_before IS NOT NULL
                         AND (ch.config_before->>'instanceType'
                                  IS DISTINCT FROM ch.config_after->>'instanceType'
                              OR ch.config_before->>'replicas'
                                  IS DISTINCT FROM ch.config_after->>'replicas'));

UPDATE service_config SET republish = true WHERE deployed_at IS NOT NULL;

-- Kept by the database rather than by each statement that writes the row, so that every writer
-- keeps it, an API of the release before this one included (as during a rolling upgrade).
CREATE FUNCTION service_config_deployed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.instance_type, NEW.replicas) IS DISTINCT FROM (OLD.instance_type, OLD.replicas) THEN
        NEW.deployed_at := NEW.updated_at;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER service_config_deployed_at BEFORE UPDATE ON service_config
    FOR EACH ROW EXECUTE FUNCTION service_config_deployed_at();
