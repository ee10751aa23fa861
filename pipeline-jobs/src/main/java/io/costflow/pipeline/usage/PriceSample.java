package io.costflow.pipeline.usage;

import io.costflow.model.catalog.PriceCatalog;
import io.costflow.model.usage.ProvisionalPricing;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.TelemetryEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Prices a sample's resource time at the catalog's on-demand rate of its instance type and region.
 * A type the catalog does not know costs nothing provisionally and is counted in {@code
 * samplesUnpriced}; billing still brings its real cost.
 */
public final class PriceSample extends RichMapFunction<TelemetryEvent, PricedSample> {

    private static final long serialVersionUID = 1L;

    private final String catalogPath;
    private transient PriceCatalog catalog;
    private transient Counter unpriced;

    /**
     * @param catalogPath a catalog CSV, or null for the bundled one
     */
    public PriceSample(String catalogPath) {
        this.catalogPath = catalogPath;
    }

    @Override
    public void open(OpenContext openContext) {
        catalog = loadCatalog(catalogPath);
        unpriced = getRuntimeContext().getMetricGroup().counter("samplesUnpriced");
    }

    @Override
    public PricedSample map(TelemetryEvent sample) {
        BigDecimal cost =
                catalog.onDemandHourly(sample.getRegion(), sample.getInstanceType())
                        .map(price -> ProvisionalPricing.cost(price, sample.getIntervalSeconds()))
                        .orElse(null);
        if (cost == null) {
            unpriced.inc();
            cost = Decimals.ZERO;
        }
        return new PricedSample(sample, cost);
    }

    public static PriceCatalog loadCatalog(String path) {
        if (path == null) {
            return PriceCatalog.bundled();
        }
        try {
            return PriceCatalog.load(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read price catalog " + path, e);
        }
    }
}
