package io.costflow.localstack.workload;

import io.costflow.model.catalog.InstanceType;
import io.costflow.model.catalog.PriceCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's cast: services on instance types from the bundled price catalog, each with a daily
 * traffic cycle, most of them healthy and sized sensibly, and a few that tell the story — one
 * suffers an error incident, one a latency incident, one spends through its budget, one sits idle
 * and several are over-provisioned (low CPU on big instances).
 */
public final class DemoScenario {

    /** Suffers an error incident: its error ratio jumps, then recovers. */
    public static final String ERROR_INCIDENT = "payments";

    /** Suffers a latency incident: its latency histogram shifts above the threshold, then back. */
    public static final String LATENCY_INCIDENT = "search";

    /** Expensive, with a monthly budget it spends in about a day and a half. */
    public static final String OVER_BUDGET = "analytics";

    /** Serves no requests at about 1 % CPU. */
    public static final String IDLE = "legacy-reports";

    /** The smallest number of services that still holds every part of the story. */
    public static final int STORY_SERVICES = 5;

    /** The default number of services. */
    public static final int DEFAULT_SERVICES = 24;

    private static final String REGION = "us-east-1";

    /** How many days of spend a healthy service's monthly budget holds: it never runs out. */
    private static final int HEALTHY_BUDGET_DAYS = 45;

    /**
     * name, owner, instance type, replicas, peak requests/s, peak hour (UTC), CPU at peak, median
     * latency ms. The story's services come first so that a small {@code count} keeps them.
     */
    private static final Object[][] CAST = {
        {"checkout", "team-commerce", "m6i.xlarge", 4, 180.0, 14, 0.55, 35.0},
        {ERROR_INCIDENT, "team-payments", "c6i.xlarge", 3, 90.0, 14, 0.45, 40.0},
        {LATENCY_INCIDENT, "team-discovery", "c6i.2xlarge", 4, 300.0, 15, 0.50, 30.0},
        {OVER_BUDGET, "team-data", "r6i.4xlarge", 6, 20.0, 3, 0.70, 60.0},
        {IDLE, "team-data", "m6i.2xlarge", 2, 0.0, 12, 0.012, 20.0},
        // Over-provisioned: big instances, low CPU even at the peak.
        {"catalog", "team-commerce", "m6i.4xlarge", 3, 120.0, 13, 0.09, 25.0},
        {"recommendations", "team-discovery", "r6i.2xlarge", 4, 60.0, 19, 0.12, 45.0},
        {"reviews", "team-commerce", "c6i.4xlarge", 3, 40.0, 20, 0.07, 30.0},
        {"auth", "team-identity", "c6i.large", 4, 250.0, 9, 0.60, 12.0},
        {"cart", "team-commerce", "m6i.large", 4, 150.0, 14, 0.50, 15.0},
        {"shipping", "team-fulfilment", "m6i.large", 2, 40.0, 11, 0.45, 50.0},
        {"inventory", "team-fulfilment", "m6i.xlarge", 3, 110.0, 10, 0.50, 20.0},
        {"notifications", "team-messaging", "t3.large", 2, 30.0, 18, 0.40, 25.0},
        {"pricing", "team-commerce", "c7i.xlarge", 2, 140.0, 14, 0.55, 10.0},
        {"ledger", "team-payments", "r6i.large", 2, 25.0, 23, 0.45, 30.0},
        {"media", "team-content", "m7i.2xlarge", 2, 70.0, 20, 0.50, 80.0},
        {"gateway", "team-platform", "c7i.2xlarge", 3, 600.0, 14, 0.55, 8.0},
        {"profiles", "team-identity", "m6i.large", 3, 90.0, 12, 0.50, 18.0},
        {"orders", "team-fulfilment", "m6i.xlarge", 3, 100.0, 15, 0.55, 35.0},
        {"fraud", "team-payments", "c7i.2xlarge", 2, 85.0, 14, 0.60, 55.0},
        {"ads", "team-marketing", "c6i.xlarge", 3, 200.0, 17, 0.50, 20.0},
        {"email", "team-messaging", "t3.medium", 2, 10.0, 8, 0.35, 60.0},
        {"image-resize", "team-content", "c6i.2xlarge", 2, 45.0, 21, 0.55, 90.0},
        {"feature-flags", "team-platform", "t3.medium", 2, 300.0, 14, 0.40, 4.0}
    };

    private static final String[] EXTRA_TYPES = {
        "m6i.large", "c6i.large", "r6i.large", "m7i.large"
    };

    private DemoScenario() {}

    /**
     * The first {@code count} services of the cast; beyond the cast, plain healthy services on
     * common instance types.
     */
    public static List<DemoService> services(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one service, was " + count);
        }
        PriceCatalog catalog = PriceCatalog.bundled();
        List<DemoService> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object[] row =
                    i < CAST.length
                            ? CAST[i]
                            : new Object[] {
                                "service-" + (i + 1),
                                "team-platform",
                                EXTRA_TYPES[i % EXTRA_TYPES.length],
                                2 + i % 3,
                                40.0 + 10 * (i % 7),
                                (8 + i) % 24,
                                0.40 + 0.05 * (i % 4),
                                20.0 + 5 * (i % 5)
                            };
            services.add(service(catalog, row));
        }
        return services;
    }

    private static DemoService service(PriceCatalog catalog, Object[] row) {
        String name = (String) row[0];
        String type = (String) row[2];
        InstanceType priced =
                catalog.find(REGION, type)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                type + " is not in the bundled catalog"));
        int replicas = (Integer) row[3];
        double medianMs = (Double) row[7];
        BigDecimal hourly = priced.onDemandHourly().multiply(BigDecimal.valueOf(replicas));
        List<Incident> incidents = new ArrayList<>();
        BigDecimal budget;
        double availabilityTarget = 0.999;
        if (name.equals(OVER_BUDGET)) {
            // About a day and a half of spend: 50 %, 80 % and 100 % of it within two simulated
            // days, and the forecast crosses 100 % as soon as there is a run rate.
            budget =
                    hourly.multiply(BigDecimal.valueOf(36))
                            .setScale(-1, RoundingMode.CEILING)
                            .setScale(0);
        } else {
            budget =
                    hourly.multiply(BigDecimal.valueOf(24L * HEALTHY_BUDGET_DAYS))
                            .setScale(-2, RoundingMode.CEILING)
                            .setScale(0);
        }
        if (name.equals(ERROR_INCIDENT)) {
            // 5 % errors against a 99.9 % SLO: a 50x burn rate, well above the 14.4x page rule.
            incidents.add(
                    new Incident(
                            Incident.Kind.ERRORS,
                            Duration.ofHours(2),
                            Duration.ofMinutes(90),
                            Duration.ofDays(2),
                            0.05));
        }
        if (name.equals(LATENCY_INCIDENT)) {
            // Six times the median puts about 30 % of requests over the threshold.
            incidents.add(
                    new Incident(
                            Incident.Kind.LATENCY,
                            Duration.ofHours(5),
                            Duration.ofHours(2),
                            Duration.ofDays(2),
                            6.0));
        }
        return new DemoService(
                name,
                (String) row[1],
                REGION,
                type,
                priced.onDemandHourly(),
                replicas,
                (Double) row[4],
                (Integer) row[5],
                (Double) row[6],
                0.0002,
                medianMs,
                availabilityTarget,
                latencyThreshold(medianMs),
                0.99,
                budget,
                incidents);
    }

    /**
     * The smallest histogram bucket bound at or above seven times the median: outside incidents
     * about 0.02 % of requests are slower, inside the latency incident about 30 %.
     */
    static double latencyThreshold(double medianMs) {
        for (double bound : WorkloadGenerator.LATENCY_BOUNDS_MS) {
            if (bound >= 7 * medianMs) {
                return bound;
            }
        }
        return WorkloadGenerator.LATENCY_BOUNDS_MS.get(
                WorkloadGenerator.LATENCY_BOUNDS_MS.size() - 1);
    }
}
