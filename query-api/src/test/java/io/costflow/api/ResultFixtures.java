package io.costflow.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Rows as the pipeline writes them, for tests of the endpoints that read them: cost windows with
 * telemetry, recommendations, alerts. Named instants keep the tests readable.
 */
public final class ResultFixtures {

    /** The first window of every fixture. */
    public static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");

    /** A service config body for {@code PUT /v1/services/{id}}. */
    public static String config(String instanceType, int replicas) {
        return """
               {"owner": "team-payments", "availabilityTarget": 0.999, "latencyThresholdMs": 300,
                "latencyTarget": 0.99, "monthlyBudget": "5000", "currency": "USD",
                "budgetTimeZone": "UTC", "instanceType": "%s", "replicas": %d}
               """
                .formatted(instanceType, replicas);
    }

    private ResultFixtures() {}

    /**
     * {@code hours} hourly billed windows from {@link #BEGINNING} at a flat {@code
     * requestsPerSecond}, CPU p95 {@code cpu}, memory p99 0.12, and every request within 30 ms.
     */
    public static void insertBusyWindows(
            Connection c, String serviceId, int hours, double requestsPerSecond, double cpu)
            throws SQLException {
        String sql =
                """
                INSERT INTO cost_window (service_id, window_start, window_end, status, revision,
                    currency, billed_cost, effective_cost, provisional_cost, request_count,
                    error_count, resource_count, updated_at, idle_cost, cpu_p50, cpu_p95, cpu_p99,
                    cpu_max, memory_p50, memory_p95, memory_p99, memory_max, latency_histogram)
                VALUES (?, ?, ?, 'BILLED', 1, 'USD', 1.536, 1.2288, 1.536, ?, 0, 4, ?, 0,
                    ?, ?, ?, ?, 0.12, 0.12, 0.12, 0.12, ?::jsonb)
                """;
        long requests = Math.round(requestsPerSecond * 3600);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int h = 0; h < hours; h++) {
                Instant start = BEGINNING.plus(Duration.ofHours(h));
                s.setString(1, serviceId);
                s.setObject(2, start.atOffset(ZoneOffset.UTC));
                s.setObject(3, start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
                s.setLong(4, requests);
                s.setObject(5, start.plus(Duration.ofHours(2)).atOffset(ZoneOffset.UTC));
                s.setDouble(6, cpu);
                s.setDouble(7, cpu);
                s.setDouble(8, cpu);
                s.setDouble(9, cpu);
                s.setString(
                        10,
                        "{\"boundsMs\":[10.0,30.0,100.0,300.0],\"counts\":["
                                + requests / 2
                                + ","
                                + (requests - requests / 2)
                                + ",0,0,0]}");
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** An OPEN (or WITHDRAWN) recommendation as the pipeline stores it. */
    public static void insertRecommendation(
            Connection c,
            String recommendationId,
            String serviceId,
            String kind,
            String state,
            String currentType,
            int currentReplicas,
            String proposedType,
            Integer proposedReplicas,
            String proposedPricingModel,
            String savings)
            throws SQLException {
        String sql =
                """
                INSERT INTO recommendation (recommendation_id, service_id, kind, state,
                    current_instance_type, current_replicas, proposed_instance_type,
                    proposed_replicas, proposed_pricing_model, monthly_savings_list,
                    monthly_savings_effective, currency, confidence, predicted_utilization,
                    predicted_p99_latency_ms, explanation, revision, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::numeric, ?::numeric, 'USD', 1, 0.6, 40,
                    'fixture', 1, ?, ?)
                """;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, recommendationId);
            s.setString(2, serviceId);
            s.setString(3, kind);
            s.setString(4, state);
            s.setString(5, currentType);
            s.setInt(6, currentReplicas);
            s.setString(7, proposedType);
            s.setObject(8, proposedReplicas);
            s.setString(9, proposedPricingModel);
            s.setString(10, savings);
            s.setString(11, savings);
            s.setObject(12, BEGINNING.atOffset(ZoneOffset.UTC));
            s.setObject(13, BEGINNING.atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
    }
}
