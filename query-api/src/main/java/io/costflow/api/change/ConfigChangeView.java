package io.costflow.api.change;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costflow.api.service.ServiceConfigResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One recorded change of a service's config.
 *
 * @param kind PUT, APPLY (a recommendation became the config) or ROLLBACK
 * @param recommendationRevision for an APPLY, the revision of the recommendation it applied
 * @param recommendationCreatedAt for an APPLY, when that recommendation was (re)opened: with the
 *     revision, the version applied (revisions written before they became emission times started
 *     again at 1 when a recommendation reopened after its service was gone)
 * @param before the config before the change; null for a service's first config
 * @param rollsBack for a ROLLBACK, the APPLY it undid
 * @param rolledBackBy for an APPLY, the ROLLBACK that undid it, if any
 * @param actorKeyId the id of the API key that made the change
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConfigChangeView(
        long changeId,
        String serviceId,
        String kind,
        @Nullable String recommendationId,
        @Nullable Long recommendationRevision,
        @Nullable Instant recommendationCreatedAt,
        @Nullable ServiceConfigResponse before,
        ServiceConfigResponse after,
        long versionAfter,
        @Nullable Long rollsBack,
        @Nullable Long rolledBackBy,
        String actorKeyId,
        Instant createdAt) {}
