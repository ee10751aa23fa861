package io.costflow.localstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the demo feeds the pipeline.
 *
 * @param services how many services of the scenario to generate
 * @param scrapeInterval the telemetry's scrape interval, in simulated time
 * @param speed the time compression: simulated seconds per real second
 * @param history how far in the past the scenario starts; the clock runs {@code speed} times faster
 *     until it reaches the present, then in real time
 * @param seed the generator's seed: the same seed gives the same records
 * @param generatedBilling whether to generate billing alongside the telemetry
 * @param replay a FOCUS export to publish as billing at start, or null
 */
public record WorkloadSettings(
        int services,
        Duration scrapeInterval,
        double speed,
        Duration history,
        long seed,
        boolean generatedBilling,
        Path replay) {}
