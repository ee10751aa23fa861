package io.costflow.api.service;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the stored configs whose {@code deployedAt} the service-config topic lacks: those
 * migration V8 filled in from their recorded history, and those an API of the release before wrote
 * during a rolling upgrade (the database keeps {@code deployed_at} for every writer, but only this
 * release publishes it). Until then the topic's latest record of such a service lacks it, and a job
 * started without state would read windows of the deployment before. Each is published under its
 * service's write lock at its current version, at start-up and then every {@code
 * costflow.api.config-republish-interval} (30 s), which is also how long a failure (Kafka down)
 * waits.
 */
@Singleton
final class ConfigRepublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigRepublisher.class);

    private final ServiceConfigRepository repository;
    private final ServiceConfigPublisher publisher;
    private final TaskScheduler scheduler;
    private final Duration interval;

    ConfigRepublisher(
            ServiceConfigRepository repository,
            ServiceConfigPublisher publisher,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler,
            @Value("${costflow.api.config-republish-interval:30s}") Duration interval) {
        this.repository = repository;
        this.publisher = publisher;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        scheduler.scheduleWithFixedDelay(Duration.ZERO, interval, this::republishPending);
    }

    /** Publishes every config the topic lacks; a failure is logged and waits for the next run. */
    void republishPending() {
        AtomicInteger published = new AtomicInteger();
        try {
            while (repository.republishNext(
                    row -> {
                        publisher.publish(row);
                        published.incrementAndGet();
                    })) {
                // next one
            }
            if (published.get() > 0) {
                LOG.info(
                        "Published {} stored service configs with when their deployment last"
                                + " changed",
                        published.get());
            }
        } catch (RuntimeException e) {
            // Caught whatever it is: an exception escaping would end the schedule unseen.
            LOG.warn(
                    "Published {} stored service configs, then failed; trying again in {} s",
                    published.get(),
                    interval.toSeconds(),
                    e);
        }
    }
}
