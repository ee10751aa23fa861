package io.costflow.api.simulation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costflow.api.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One entry per scenario of the request, in its order: a result, or the problem that scenario had.
 */
@Serdeable
record BatchSimulationResponse(List<Item> items, int succeeded, int failed) {

    /** The outcome of the scenario at {@code index}: exactly one of result and problem is set. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(int index, @Nullable SimulationResponse result, @Nullable Problem problem) {}

    static BatchSimulationResponse of(List<Item> items) {
        int failed = (int) items.stream().filter(i -> i.problem() != null).count();
        return new BatchSimulationResponse(items, items.size() - failed, failed);
    }
}
