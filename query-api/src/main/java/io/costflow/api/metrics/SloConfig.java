package io.costflow.api.metrics;

/** The SLO part of a service's stored config; never an API body. */
record SloConfig(double availabilityTarget, double latencyThresholdMs, double latencyTarget) {}
