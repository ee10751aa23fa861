package io.costflow.model.advice;

import io.costflow.model.slo.ServiceProfile;

/** Looks at one service and proposes cost-saving changes, each judged by the SLO model. */
public interface Advisor {

    AdvisorOutcome advise(ServiceProfile profile);
}
