package io.costflow.api.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.costflow.api.problem.ProblemException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;

/** Creates and revokes API keys. Admin only; a new key is shown once, in the creating response. */
@Controller("/v1/api-keys")
class ApiKeyController {

    static final String UNKNOWN_KEY = "urn:costflow:problem:unknown-api-key";

    private final ApiKeyRepository repository;
    private final Clock clock = Clock.systemUTC();

    ApiKeyController(ApiKeyRepository repository) {
        this.repository = repository;
    }

    /** What a new key is for. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record CreateRequest(
            @NotNull Role role, @NotNull @Size(min = 1, max = 200) String description) {}

    /** The new key; {@code key} is never shown again. */
    @Serdeable
    record CreateResponse(String id, String prefix, Role role, String description, String key) {}

    @Post
    @RequiresRole(Role.ADMIN)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Status(HttpStatus.CREATED)
    CreateResponse create(@Body @Valid CreateRequest request) {
        String key = ApiKeys.generate();
        String id = ApiKeys.newId();
        repository.insert(id, key, request.role(), request.description(), clock.instant());
        return new CreateResponse(
                id, ApiKeys.shownPrefix(key), request.role(), request.description(), key);
    }

    @Delete("/{id}")
    @RequiresRole(Role.ADMIN)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<Void> revoke(@PathVariable @Pattern(regexp = "key_[0-9a-f]{16}") String id) {
        if (!repository.revoke(id, clock.instant())) {
            throw ProblemException.notFound(
                    UNKNOWN_KEY, "Unknown API key", "There is no active API key '" + id + "'.");
        }
        return HttpResponse.noContent();
    }
}
