package io.costflow.model.catalog;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Objects;

/**
 * One priced instance type in one region: its shape and its hourly prices in USD.
 *
 * <p>Prices are exact {@link BigDecimal}s held as written in the catalog (scale included), so
 * {@code 0.096} stays {@code 0.096}; bring them to the contract scale with {@code
 * Decimals.normalize} before they go into a record. {@code spotHourly} is an indicative long-run
 * average, not a live price (see the catalog file's header).
 *
 * @param provider the cloud, e.g. {@code aws}
 * @param region the provider's region id, e.g. {@code us-east-1}
 * @param name the instance type, e.g. {@code m6i.large}
 * @param family the family the sizes of which scale together, e.g. {@code m6i}
 * @param category what the family is shaped for
 * @param vcpu virtual CPUs (hyperthreads on x86)
 * @param memoryGiB memory in GiB; exact because t3.nano has 0.5
 * @param onDemandHourly on-demand list price per instance-hour
 * @param spotHourly indicative spot price per instance-hour, never above on-demand
 */
public record InstanceType(
        String provider,
        String region,
        String name,
        String family,
        InstanceCategory category,
        int vcpu,
        BigDecimal memoryGiB,
        BigDecimal onDemandHourly,
        BigDecimal spotHourly)
        implements Serializable {

    /**
     * Smallest first: by vCPU, then memory (t3.micro and t3.large both have 2 vCPUs), then name so
     * the order is total. Within one family this is the order "one size down" walks.
     */
    public static final Comparator<InstanceType> BY_SIZE =
            Comparator.comparingInt(InstanceType::vcpu)
                    .thenComparing(InstanceType::memoryGiB)
                    .thenComparing(InstanceType::name);

    public InstanceType {
        requireText(provider, "provider");
        requireText(region, "region");
        requireText(name, "name");
        requireText(family, "family");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(memoryGiB, "memoryGiB");
        Objects.requireNonNull(onDemandHourly, "onDemandHourly");
        Objects.requireNonNull(spotHourly, "spotHourly");
        if (vcpu <= 0) {
            throw new IllegalArgumentException(name + ": vcpu must be positive, was " + vcpu);
        }
        if (memoryGiB.signum() <= 0) {
            throw new IllegalArgumentException(
                    name + ": memoryGiB must be positive, was " + memoryGiB);
        }
        if (onDemandHourly.signum() < 0 || spotHourly.signum() < 0) {
            throw new IllegalArgumentException(name + ": prices must not be negative");
        }
        if (spotHourly.compareTo(onDemandHourly) > 0) {
            throw new IllegalArgumentException(
                    name
                            + ": spotHourly "
                            + spotHourly
                            + " is above onDemandHourly "
                            + onDemandHourly);
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
