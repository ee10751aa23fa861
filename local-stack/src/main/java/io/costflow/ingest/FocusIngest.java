package io.costflow.ingest;

import io.costflow.ingest.IngestSummary.RowProblem;
import io.costflow.model.ServiceAttribution;
import io.costflow.model.focus.FocusExportMapper;
import io.costflow.model.focus.FocusRejections;
import io.costflow.model.focus.FocusRowMapper;
import io.costflow.model.focus.FocusRowResult;
import io.costflow.schemas.BillingLineItem;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * One ingest of a FOCUS export: reads the file row by row, maps each row with {@link
 * FocusExportMapper}, sends what maps to the sink and reports what does not, with its row number. A
 * row is counted as published only once the sink acknowledges it.
 */
public final class FocusIngest {

    private final IngestSettings settings;
    private final BillingSink sink;
    private final RejectsFile rejects;
    private final ProgressBar progress;

    /**
     * @param rejects where to write every rejection, or null
     */
    public FocusIngest(
            IngestSettings settings, BillingSink sink, RejectsFile rejects, ProgressBar progress) {
        this.settings = settings;
        this.sink = sink;
        this.rejects = rejects;
        this.progress = progress;
    }

    /**
     * Ingests the rest of the file and waits until every sent line item is acknowledged. Reading
     * stops early, with the reason in the summary, when the file stops being valid CSV or when a
     * send has failed (the broker is then usually gone, and every further send would wait for it).
     */
    public IngestSummary run(FocusCsvReader reader) {
        IngestSummary summary = new IngestSummary(settings);
        FocusExportMapper mapper = new FocusExportMapper(new FocusRowMapper(settings.currency()));
        ServiceAttribution attribution = new ServiceAttribution(settings.serviceTag());
        int columns = reader.header().size();
        try {
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                summary.rowRead();
                if (row.fieldCount() != columns) {
                    reject(
                            summary,
                            new RowProblem(
                                    row.rowNumber(),
                                    FocusRejections.MALFORMED_ROW,
                                    "the row has "
                                            + row.fieldCount()
                                            + " fields, the header has "
                                            + columns));
                } else {
                    FocusRowResult result = mapper.map(row.rowNumber(), row.values());
                    if (result instanceof FocusRowResult.Accepted accepted) {
                        send(summary, accepted, attribution);
                    } else {
                        FocusRowResult.Rejected rejected = (FocusRowResult.Rejected) result;
                        reject(
                                summary,
                                new RowProblem(
                                        rejected.rowNumber(),
                                        rejected.rejection().code(),
                                        rejected.rejection().detail()));
                    }
                }
                progress.update(reader.bytesRead(), summary.rowsRead(), summary.rejected());
                if (summary.sendFailed() > 0) {
                    summary.stopped(
                            "stopped after row "
                                    + row.rowNumber()
                                    + " because Kafka did not store a line item");
                    break;
                }
            }
        } catch (IOException e) {
            summary.stopped(e.getMessage());
        } finally {
            sink.flush();
        }
        progress.finish(reader.bytesRead(), summary.rowsRead(), summary.rejected());
        return summary;
    }

    private void send(
            IngestSummary summary,
            FocusRowResult.Accepted accepted,
            ServiceAttribution attribution) {
        BillingLineItem item = accepted.item();
        long rowNumber = accepted.rowNumber();
        BigDecimal billed = item.getBilledCost();
        boolean tagged = attribution.fromTag(item).isPresent();
        sink.send(
                item,
                failure -> {
                    if (failure == null) {
                        summary.published(billed, tagged);
                    } else {
                        summary.sendFailed(
                                new RowProblem(
                                        rowNumber,
                                        IngestSummary.SEND_FAILED,
                                        failure.getClass().getSimpleName()
                                                + ": "
                                                + failure.getMessage()));
                    }
                });
    }

    private void reject(IngestSummary summary, RowProblem problem) {
        summary.rejected(problem);
        if (rejects != null) {
            rejects.write(problem);
        }
    }
}
