package io.costflow.pipeline.billing;

import io.costflow.model.ServiceAttribution;
import io.costflow.model.billing.AttributedCharge;
import io.costflow.pipeline.source.VersionedLine;
import io.costflow.schemas.BillingLineItem;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Attributes what needs no join: a line with the service tag goes to that service, a line without a
 * resource (tax, support, credits) to {@link ServiceAttribution#UNALLOCATED}. Lines that need
 * telemetry to name their service leave through {@link #NEEDS_RESOURCE_LOOKUP}.
 */
public final class RouteByTag extends ProcessFunction<VersionedLine, AttributedCharge> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<VersionedLine> NEEDS_RESOURCE_LOOKUP =
            new OutputTag<>("needs-resource-lookup", TypeInformation.of(VersionedLine.class));

    private final ServiceAttribution attribution;

    public RouteByTag(ServiceAttribution attribution) {
        this.attribution = attribution;
    }

    @Override
    public void processElement(
            VersionedLine versioned, Context ctx, Collector<AttributedCharge> out) {
        BillingLineItem line = versioned.line();
        Optional<String> tagged = attribution.fromTag(line);
        if (tagged.isPresent()) {
            out.collect(AttributedCharge.of(line, versioned.version(), tagged.get()));
        } else if (line.getResourceId() == null || line.getResourceId().isBlank()) {
            out.collect(
                    AttributedCharge.of(line, versioned.version(), ServiceAttribution.UNALLOCATED));
        } else {
            ctx.output(NEEDS_RESOURCE_LOOKUP, versioned);
        }
    }
}
