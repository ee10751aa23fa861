package io.costflow.api;

import io.costflow.model.ServiceAttribution;

/** What a service id in a request path may look like. */
public final class ServiceIds {

    /**
     * A letter or digit, then up to 127 letters, digits or {@code . _ : -}; or the pipeline's
     * bucket of unattributed cost, which starts with an underscore.
     */
    public static final String PATTERN =
            "(?:" + ServiceAttribution.UNALLOCATED + "|[A-Za-z0-9][A-Za-z0-9._:-]{0,127})";

    /** A service whose config can be written: not the pipeline's bucket of unattributed cost. */
    public static final String CONFIGURABLE_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";

    private ServiceIds() {}
}
