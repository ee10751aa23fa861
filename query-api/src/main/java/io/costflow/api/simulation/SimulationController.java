package io.costflow.api.simulation;

import io.costflow.api.problem.InvalidParam;
import io.costflow.api.problem.Problem;
import io.costflow.api.problem.ProblemException;
import io.costflow.api.profile.ServiceProfiles;
import io.costflow.api.profile.SimulationConfiguration;
import io.costflow.api.security.RequiresRole;
import io.costflow.api.security.Role;
import io.costflow.model.simulation.ScenarioTemplate;
import io.costflow.model.slo.ServiceProfile;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What-if simulations of a service's deployment, priced and SLO-checked by cost-model's simulator:
 * the same code that makes the pipeline's recommendations.
 */
@Controller("/v1/simulate")
class SimulationController {

    private final ScenarioSimulations simulations;
    private final ServiceProfiles profiles;
    private final Validator validator;
    private final int maxBatchSize;

    SimulationController(
            ScenarioSimulations simulations,
            ServiceProfiles profiles,
            Validator validator,
            SimulationConfiguration config) {
        this.simulations = simulations;
        this.profiles = profiles;
        this.validator = validator;
        this.maxBatchSize = config.maxBatchSize();
    }

    @Post
    @RequiresRole(Role.OPERATOR)
    @ExecuteOn(TaskExecutors.BLOCKING)
    SimulationResponse simulate(@Body @Valid SimulationRequest request) {
        return simulations.simulate(request);
    }

    /**
     * 200 when every scenario was simulated, 207 when some were not (each such item carries its
     * problem), 400 when the batch itself is malformed or too large.
     */
    @Post("/batch")
    @RequiresRole(Role.OPERATOR)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<BatchSimulationResponse> batch(@Body @Valid BatchSimulationRequest request) {
        List<SimulationRequest> scenarios = request.scenarios();
        if (scenarios.size() > maxBatchSize) {
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    "scenarios",
                                    scenarios.size() + " scenarios",
                                    "must hold at most " + maxBatchSize + " scenarios")));
        }
        // A batch often asks several questions of one service: build its profile once.
        Map<String, ServiceProfile> profileCache = new HashMap<>();
        List<BatchSimulationResponse.Item> items = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            items.add(item(i, scenarios.get(i), profileCache));
        }
        BatchSimulationResponse body = BatchSimulationResponse.of(items);
        return HttpResponse.<BatchSimulationResponse>status(
                        body.failed() == 0 ? HttpStatus.OK : HttpStatus.MULTI_STATUS)
                .body(body);
    }

    @Get("/templates")
    @RequiresRole(Role.OPERATOR)
    List<TemplateView> templates() {
        return Arrays.stream(ScenarioTemplate.values())
                .map(t -> new TemplateView(t.name(), t.label()))
                .toList();
    }

    private BatchSimulationResponse.Item item(
            int index, SimulationRequest scenario, Map<String, ServiceProfile> profileCache) {
        String instance = "/v1/simulate/batch#" + index;
        if (scenario == null) {
            return failed(
                    index,
                    ProblemException.invalidParams(
                            List.of(
                                    new InvalidParam(
                                            "scenarios[" + index + "]", null, "is required"))),
                    instance);
        }
        Set<ConstraintViolation<SimulationRequest>> violations = validator.validate(scenario);
        if (!violations.isEmpty()) {
            List<InvalidParam> params =
                    violations.stream()
                            .map(
                                    v ->
                                            new InvalidParam(
                                                    "scenarios["
                                                            + index
                                                            + "]."
                                                            + v.getPropertyPath(),
                                                    v.getInvalidValue() == null
                                                            ? null
                                                            : String.valueOf(v.getInvalidValue()),
                                                    v.getMessage()))
                            .sorted(Comparator.comparing(InvalidParam::name))
                            .toList();
            return failed(index, ProblemException.invalidParams(params), instance);
        }
        try {
            return new BatchSimulationResponse.Item(
                    index,
                    simulations.simulate(
                            scenario, id -> profileCache.computeIfAbsent(id, profiles::load)),
                    null);
        } catch (ProblemException e) {
            return failed(index, e, instance);
        }
    }

    private static BatchSimulationResponse.Item failed(
            int index, ProblemException e, String instance) {
        return new BatchSimulationResponse.Item(
                index,
                null,
                new Problem(
                        e.type(),
                        e.title(),
                        e.status().getCode(),
                        e.getMessage(),
                        instance,
                        e.invalidParams(),
                        // The batch's own answer carries the request id.
                        null));
    }
}
