package io.costflow.model.usage;

import io.costflow.schemas.Decimals;
import java.math.BigDecimal;

/** One resource's use within one window: enough to tell whether it sat idle and what it cost. */
public final class ResourceUsage {

    private long samples;
    private double cpuSum;
    private long requests;
    private BigDecimal provisionalCost = Decimals.ZERO;

    public void add(double cpu, long requestCount, BigDecimal cost) {
        samples++;
        cpuSum += cpu;
        requests += requestCount;
        provisionalCost = provisionalCost.add(cost);
    }

    public void merge(ResourceUsage other) {
        samples += other.samples;
        cpuSum += other.cpuSum;
        requests += other.requests;
        provisionalCost = provisionalCost.add(other.provisionalCost);
    }

    public double meanCpu() {
        return samples == 0 ? 0 : cpuSum / samples;
    }

    public long getSamples() {
        return samples;
    }

    public void setSamples(long samples) {
        this.samples = samples;
    }

    public double getCpuSum() {
        return cpuSum;
    }

    public void setCpuSum(double cpuSum) {
        this.cpuSum = cpuSum;
    }

    public long getRequests() {
        return requests;
    }

    public void setRequests(long requests) {
        this.requests = requests;
    }

    public BigDecimal getProvisionalCost() {
        return provisionalCost;
    }

    public void setProvisionalCost(BigDecimal provisionalCost) {
        this.provisionalCost = provisionalCost;
    }
}
