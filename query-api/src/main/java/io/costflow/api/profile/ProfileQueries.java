package io.costflow.api.profile;

/**
 * The SQL a service's profile is read with (by {@link ProfileRepository}), public so that the API
 * benchmark runs exactly these statements as its direct-SQL baseline.
 */
public final class ProfileQueries {

    /**
     * The config, and when its instance type or replicas last changed ({@code deployed_at}, kept by
     * every PUT, apply and rollback: the SQL form of cost-model's {@code
     * ServiceProfile.deploymentChanged}).
     */
    public static final String CONFIG =
            """
            SELECT service_id, owner, availability_target, latency_threshold_ms, latency_target,
                   monthly_budget, budget_currency, budget_time_zone, instance_type, replicas,
                   version, updated_at, deployed_at
              FROM service_config WHERE service_id = ?
            """;

    /**
     * The lookback ends at the end of the service's newest window, as in the pipeline; windows
     * starting before the deployment changed are left out ({@code ServiceProfile.measuredSince};
     * {@code greatest} ignores a null, so without a change the lookback alone bounds them).
     */
    public static final String RECENT_WINDOWS =
            """
            SELECT window_start, window_end, status, revision, currency, billed_cost,
                   effective_cost, provisional_cost, request_count, error_count, resource_count,
                   updated_at, cost_per_million_requests, idle_cost, cpu_p50, cpu_p95, cpu_p99,
                   cpu_max, memory_p50, memory_p95, memory_p99, memory_max,
                   latency_histogram::text AS latency_histogram
              FROM cost_window
             WHERE service_id = ?
               AND window_start >= greatest(
                       (SELECT max(window_end) FROM cost_window WHERE service_id = ?)
                           - make_interval(secs => ?),
                       ?::timestamptz)
             ORDER BY window_start
            """;

    private ProfileQueries() {}
}
