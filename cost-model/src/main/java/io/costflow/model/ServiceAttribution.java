package io.costflow.model;

import io.costflow.schemas.BillingLineItem;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which service a billing line item belongs to. The configured tag wins; a line without it
 * has no service of its own and is attributed to {@link #UNALLOCATED}, so it stays visible in every
 * total instead of being dropped.
 */
public final class ServiceAttribution implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The service of cost no service could be found for. */
    public static final String UNALLOCATED = "__unallocated__";

    private final String serviceTagKey;

    /**
     * @param serviceTagKey the tag that names the service, e.g. {@code service}
     */
    public ServiceAttribution(String serviceTagKey) {
        this.serviceTagKey = serviceTagKey;
    }

    /**
     * The service named by the line's tag. Real exports carry keys with stray spaces and values
     * with padding, so both are trimmed; a blank value counts as no tag.
     */
    public Optional<String> fromTag(BillingLineItem item) {
        Map<String, String> tags = item.getTags();
        if (tags == null || tags.isEmpty()) {
            return Optional.empty();
        }
        String value = tags.get(serviceTagKey);
        if (value == null) {
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                if (tag.getKey().trim().equals(serviceTagKey)) {
                    value = tag.getValue();
                    break;
                }
            }
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** The service of a line item: its tag, else {@link #UNALLOCATED}. */
    public String serviceOf(BillingLineItem item) {
        return fromTag(item).orElse(UNALLOCATED);
    }
}
