package io.costflow.model.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an instance type is shaped for, as the providers group them on their price pages. */
public enum InstanceCategory {
    GENERAL_PURPOSE("general-purpose"),
    COMPUTE_OPTIMIZED("compute-optimized"),
    MEMORY_OPTIMIZED("memory-optimized"),
    /** CPU credits: a baseline share of a core with bursts above it (AWS t3, t4g). */
    BURSTABLE("burstable");

    private final String label;

    InstanceCategory(String label) {
        this.label = label;
    }

    /** The spelling used in catalog files, e.g. {@code compute-optimized}. */
    public String label() {
        return label;
    }

    /** The category spelled {@code label}, ignoring case and surrounding spaces. */
    public static Optional<InstanceCategory> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String wanted = label.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.label.equals(wanted)).findFirst();
    }

    /** All labels, comma-separated, for error messages. */
    static String allLabels() {
        return Arrays.stream(values())
                .map(InstanceCategory::label)
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
