package io.costflow.schemas;

import java.util.List;

/** The names of costflow's Kafka topics (DESIGN.md, "Topics and records"). */
public final class Topics {

    public static final String TELEMETRY = "costflow.telemetry.v1";
    public static final String BILLING = "costflow.billing.v1";
    public static final String SERVICE_CONFIG = "costflow.service-config.v1";
    public static final String COST_WINDOWS = "costflow.cost-windows.v1";
    public static final String RECOMMENDATIONS = "costflow.recommendations.v1";
    public static final String SLA_ALERTS = "costflow.alerts.sla.v1";
    public static final String BUDGET_ALERTS = "costflow.alerts.budget.v1";
    public static final String DEAD_LETTER = "costflow.dead-letter.v1";

    /** Every topic; the service-config topic is the only compacted one. */
    public static final List<String> ALL =
            List.of(
                    TELEMETRY,
                    BILLING,
                    SERVICE_CONFIG,
                    COST_WINDOWS,
                    RECOMMENDATIONS,
                    SLA_ALERTS,
                    BUDGET_ALERTS,
                    DEAD_LETTER);

    private Topics() {}
}
