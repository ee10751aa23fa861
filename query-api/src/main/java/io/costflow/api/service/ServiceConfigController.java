package io.costflow.api.service;

import io.costflow.api.ApiConfiguration;
import io.costflow.api.PageCursor;
import io.costflow.api.ServiceIds;
import io.costflow.api.problem.InvalidParam;
import io.costflow.api.problem.ProblemException;
import io.costflow.api.security.ApiKeyPrincipal;
import io.costflow.api.security.RequiresRole;
import io.costflow.api.security.Role;
import io.costflow.schemas.Decimals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services' SLO, budget and deployment config. A PUT is stored in PostgreSQL and published to the
 * service-config topic, or neither: the record is sent and acknowledged before the transaction
 * commits, and if Kafka does not acknowledge in time the transaction is rolled back and the answer
 * is 503 (see {@link ServiceConfigPublisher#RETRY_ADVICE}).
 */
@Controller("/v1/services")
class ServiceConfigController {

    static final String UNKNOWN_SERVICE = "urn:costflow:problem:unknown-service";
    static final String KAFKA_UNAVAILABLE = "urn:costflow:problem:kafka-unavailable";
    static final int MAX_PAGE_SIZE = 100;

    /** The name in this list's cursors. */
    private static final String LIST = "services";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceConfigController.class);

    private final ServiceConfigRepository repository;
    private final ServiceConfigPublisher publisher;
    private final String billingCurrency;
    private final Clock clock = Clock.systemUTC();

    ServiceConfigController(
            ServiceConfigRepository repository,
            ServiceConfigPublisher publisher,
            ApiConfiguration api) {
        this.repository = repository;
        this.publisher = publisher;
        this.billingCurrency = api.billingCurrency();
    }

    /**
     * Service configs, ordered by service id.
     *
     * @param page page number from 0, for paging by offset
     * @param size items per page, 1..100
     * @param cursor the {@code nextCursor} of the previous page, for paging by position: the page
     *     starts after that page's last service, so services added meanwhile neither repeat nor
     *     skip one
     */
    @Get
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    ServicePage list(
            @QueryValue(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @QueryValue(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @QueryValue @Nullable String cursor) {
        PageCursor after = PageCursor.parse(LIST, cursor, page, 1);
        PageCursor.Slice<ServiceConfigRow> slice =
                PageCursor.slice(
                        repository.page(
                                after == null ? null : after.text(0), (long) page * size, size + 1),
                        size,
                        row -> PageCursor.of(LIST, row.serviceId()));
        List<ServiceConfigResponse> items =
                slice.items().stream().map(ServiceConfigResponse::of).toList();
        return new ServicePage(
                items, after == null ? page : null, size, repository.count(), slice.nextCursor());
    }

    @Get("/{serviceId}")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    ServiceConfigResponse get(
            @PathVariable @Pattern(regexp = ServiceIds.PATTERN) String serviceId) {
        return repository
                .find(serviceId)
                .map(ServiceConfigResponse::of)
                .orElseThrow(
                        () ->
                                ProblemException.notFound(
                                        UNKNOWN_SERVICE,
                                        "Unknown service",
                                        "Service '" + serviceId + "' has no config."));
    }

    /**
     * 201 with version 1 for a new service, 200 otherwise; an identical config keeps its version.
     */
    @Put("/{serviceId}")
    @RequiresRole(Role.ADMIN)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<ServiceConfigResponse> put(
            @PathVariable @Pattern(regexp = ServiceIds.CONFIGURABLE_PATTERN) String serviceId,
            @Body @Valid ServiceConfigRequest config,
            HttpRequest<?> request) {
        if (config.monthlyBudget() != null && !billingCurrency.equals(config.currency())) {
            // The pipeline holds spend, in the billing currency, against the budget unconverted;
            // it refuses such a config too.
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    "currency",
                                    config.currency(),
                                    "must be "
                                            + billingCurrency
                                            + ", the billing currency, when monthlyBudget is set:"
                                            + " spend is not converted")));
        }
        // Millisecond precision: the record's timestamp-millis must equal what the row says.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ServiceConfigRow candidate =
                new ServiceConfigRow(
                        serviceId,
                        config.owner(),
                        config.availabilityTarget(),
                        config.latencyThresholdMs(),
                        config.latencyTarget(),
                        config.monthlyBudget() == null ? null : Decimals.of(config.monthlyBudget()),
                        config.currency(),
                        config.budgetTimeZone(),
                        config.instanceType(),
                        config.replicas().intValueExact(),
                        0,
                        now,
                        null);
        ServiceConfigRepository.Write write;
        try {
            write =
                    repository.upsert(
                            candidate, ApiKeyPrincipal.of(request).keyId(), publisher::publish);
        } catch (ServiceConfigPublisher.PublishException e) {
            LOG.warn("config of {} not stored: {}", serviceId, e.getMessage(), e);
            throw ProblemException.unavailable(
                    KAFKA_UNAVAILABLE,
                    "Service config topic unavailable",
                    "The config of '"
                            + serviceId
                            + "' was not stored: Kafka did not acknowledge it on topic '"
                            + publisher.topic()
                            + "'. "
                            + ServiceConfigPublisher.RETRY_ADVICE);
        }
        ServiceConfigResponse body = ServiceConfigResponse.of(write.row());
        return write.created() ? HttpResponse.created(body) : HttpResponse.ok(body);
    }
}
