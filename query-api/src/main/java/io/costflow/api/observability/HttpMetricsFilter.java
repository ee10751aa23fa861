package io.costflow.api.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Gives {@code http.server.requests} (one timer per method, route, status and exception) a
 * Prometheus histogram: latency percentiles per endpoint are {@code histogram_quantile} over its
 * buckets, which, unlike quantiles computed in process, aggregate across instances.
 */
@Factory
final class HttpMetricsFilter {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Bean
    @Singleton
    MeterFilter httpServerPercentiles() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(
                    Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .build()
                        .merge(config);
            }
        };
    }
}
