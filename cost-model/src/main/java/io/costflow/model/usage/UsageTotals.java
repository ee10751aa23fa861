package io.costflow.model.usage;

import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.TelemetryEvent;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * What a service's telemetry says about one window: traffic, errors, the exact merge of the latency
 * histograms, CPU and memory distributions, each resource's use, and the provisional cost (resource
 * time x catalog price) that stands in for billing until billing arrives.
 */
public final class UsageTotals {

    private long requests;
    private long errors;
    private BigDecimal provisionalCost = Decimals.ZERO;
    private LatencyHistogram latency;
    private ShareHistogram cpu = new ShareHistogram();
    private ShareHistogram memory = new ShareHistogram();
    private Map<String, ResourceUsage> resources = new HashMap<>();

    /** Adds one scrape, priced at {@code provisional} for its interval. */
    public UsageTotals add(TelemetryEvent sample, BigDecimal provisional) {
        requests += sample.getRequestCount();
        errors += sample.getErrorCount();
        provisionalCost = provisionalCost.add(provisional);
        latency = LatencyMerge.merge(latency, sample.getLatency());
        cpu.add(sample.getCpuUtilization());
        memory.add(sample.getMemoryUtilization());
        resources
                .computeIfAbsent(sample.getResourceId(), r -> new ResourceUsage())
                .add(sample.getCpuUtilization(), sample.getRequestCount(), provisional);
        return this;
    }

    /** How many scrapes were added (merged totals included): one sample of one resource each. */
    public long scrapeCount() {
        long count = 0;
        for (ResourceUsage usage : resources.values()) {
            count += usage.getSamples();
        }
        return count;
    }

    public UsageTotals merge(UsageTotals other) {
        requests += other.requests;
        errors += other.errors;
        provisionalCost = provisionalCost.add(other.provisionalCost);
        latency = LatencyMerge.merge(latency, other.latency);
        cpu.merge(other.cpu);
        memory.merge(other.memory);
        other.resources.forEach(
                (id, usage) ->
                        resources.computeIfAbsent(id, r -> new ResourceUsage()).merge(usage));
        return this;
    }

    public long getRequests() {
        return requests;
    }

    public void setRequests(long requests) {
        this.requests = requests;
    }

    public long getErrors() {
        return errors;
    }

    public void setErrors(long errors) {
        this.errors = errors;
    }

    public BigDecimal getProvisionalCost() {
        return provisionalCost;
    }

    public void setProvisionalCost(BigDecimal provisionalCost) {
        this.provisionalCost = provisionalCost;
    }

    public LatencyHistogram getLatency() {
        return latency;
    }

    public void setLatency(LatencyHistogram latency) {
        this.latency = latency;
    }

    public ShareHistogram getCpu() {
        return cpu;
    }

    public void setCpu(ShareHistogram cpu) {
        this.cpu = cpu;
    }

    public ShareHistogram getMemory() {
        return memory;
    }

    public void setMemory(ShareHistogram memory) {
        this.memory = memory;
    }

    public Map<String, ResourceUsage> getResources() {
        return resources;
    }

    public void setResources(Map<String, ResourceUsage> resources) {
        this.resources = resources;
    }
}
