package io.costflow.api.observability;

import io.costflow.api.KafkaConfiguration;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.reactivestreams.Publisher;

/**
 * Readiness: UP when the Kafka cluster the API publishes service configs to answers a
 * describe-cluster request within {@link #TIMEOUT}. An outage is logged once ({@link OutageLog});
 * every answer while it lasts names the error.
 */
@Singleton
@Readiness
final class KafkaReadiness implements HealthIndicator, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static final Duration OUTAGE_BACKOFF = Duration.ofSeconds(10);

    private final Admin admin;
    private final OutageLog outage = new OutageLog(KafkaReadiness.class, "Kafka");
    private final ExecutorService blocking;

    KafkaReadiness(
            KafkaConfiguration kafka, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                (int) TIMEOUT.toMillis(),
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                (int) TIMEOUT.toMillis(),
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                "costflow-query-api-readiness",
                                // While the cluster is down the client retries in the background;
                                // at the default 1 s ceiling that kept a thread busy enough to show
                                // in the API benchmark's profile. Readiness may lag a recovery by
                                // up to this much, plus Kafka's 20 % jitter.
                                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                                (int) OUTAGE_BACKOFF.toMillis(),
                                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG,
                                (int) OUTAGE_BACKOFF.toMillis()));
        this.blocking = blocking;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(
                CompletableFuture.supplyAsync(this::check, blocking));
    }

    private HealthResult check() {
        HealthResult.Builder result = HealthResult.builder("kafka");
        try {
            int brokers =
                    admin.describeCluster(
                                    new DescribeClusterOptions()
                                            .timeoutMs((int) TIMEOUT.toMillis()))
                            .nodes()
                            .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
                            .size();
            outage.up();
            return result.status(HealthStatus.UP).details(Map.of("brokers", brokers)).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return result.status(HealthStatus.DOWN)
                    .details(Map.of("error", outage.down(e)))
                    .build();
        }
    }

    @Override
    @PreDestroy
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
