package io.costflow.api.service;

import io.costflow.api.DataAccessException;
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
 * Publishes, once the API has started, the stored configs that the service-config topic may not
 * carry as stored: those migration V8 gave a {@code deployedAt} from their recorded history. Until
 * then the topic's latest record of such a service lacks it, and a job started without state would
 * read windows of the deployment before. Each is published under its service's write lock at its
 * current version; while Kafka cannot take them, it tries again every {@link #RETRY}.
 */
@Singleton
final class ConfigRepublisher {

    static final Duration RETRY = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ConfigRepublisher.class);

    private final ServiceConfigRepository repository;
    private final ServiceConfigPublisher publisher;
    private final TaskScheduler scheduler;

    ConfigRepublisher(
            ServiceConfigRepository repository,
            ServiceConfigPublisher publisher,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.repository = repository;
        this.publisher = publisher;
        this.scheduler = scheduler;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        scheduler.schedule(Duration.ZERO, this::republishPending);
    }

    /** Publishes every flagged config; on failure, schedules another attempt. */
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
        } catch (ServiceConfigPublisher.PublishException | DataAccessException e) {
            LOG.warn(
                    "Published {} stored service configs, then failed ({}); trying again in {} s",
                    published.get(),
                    e.getMessage(),
                    RETRY.toSeconds());
            scheduler.schedule(RETRY, this::republishPending);
        }
    }
}
