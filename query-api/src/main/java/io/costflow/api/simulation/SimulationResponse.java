package io.costflow.api.simulation;

import io.micronaut.serde.annotation.Serdeable;

/** The answer to one what-if: the service's profile today and the simulated change. */
@Serdeable
record SimulationResponse(String serviceId, ProfileView profile, SimulationView simulation) {}
