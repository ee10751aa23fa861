-- When a service's instance type or replicas last changed (PUT, apply or rollback); NULL while
-- they are as its first config set them. The API publishes it in ServiceConfig.deployedAt, so the
-- pipeline reads only windows measured on the current deployment even when it starts without
-- state, and the API's profile query reads it here instead of searching config_change.
ALTER TABLE service_config ADD COLUMN deployed_at TIMESTAMPTZ;

UPDATE service_config sc
   SET deployed_at = (SELECT max(ch.created_at) FROM config_change ch
                       WHERE ch.service_id = sc.service_id
                         AND ch.config_before IS NOT NULL
                         AND (ch.config_before->>'instanceType'
                                  IS DISTINCT FROM ch.config_after->>'instanceType'
                              OR ch.config_before->>'replicas'
                                  IS DISTINCT FROM ch.config_after->>'replicas'));
