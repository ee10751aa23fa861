package io.costflow.pipeline.attribution;

/** What one telemetry sample teaches about a resource: the service it belongs to. */
public record ResourceSighting(String resourceId, String serviceId, String instanceType) {}
