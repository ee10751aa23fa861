package io.costflow.api.simulation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * Several what-ifs at once. Each scenario is validated and answered on its own, so one bad scenario
 * does not cost the others their answers.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
record BatchSimulationRequest(@NotEmpty List<SimulationRequest> scenarios) {}
