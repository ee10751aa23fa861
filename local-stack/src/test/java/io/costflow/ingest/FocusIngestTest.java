package io.costflow.ingest;

import static io.costflow.ingest.FocusFixtures.BILLED_COST_OF_USABLE_ROWS;
import static io.costflow.ingest.FocusFixtures.BROKEN_ROWS;
import static io.costflow.ingest.FocusFixtures.MESSY_EXPORT;
import static io.costflow.ingest.FocusFixtures.ROWS;
import static io.costflow.ingest.FocusFixtures.USABLE_ROWS;
import static io.costflow.ingest.FocusFixtures.USABLE_ROWS_WITHOUT_SERVICE_TAG;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.ChargeClass;
import io.costflow.schemas.Decimals;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FocusIngestTest {

    @TempDir Path dir;

    @Test
    void shouldSendEveryUsableRowAndReportEachBrokenOneWhenTheExportIsMessy() throws IOException {
        RecordingBillingSink sink = new RecordingBillingSink();

        IngestSummary summary = ingest(FocusFixtures.path(MESSY_EXPORT), sink, null);

        assertThat(summary.rowsRead()).isEqualTo(ROWS);
        assertThat(summary.published()).isEqualTo(USABLE_ROWS);
        assertThat(summary.rejected()).isEqualTo(BROKEN_ROWS.size());
        assertThat(summary.sendFailed()).isZero();
        assertThat(summary.stopReason()).isNull();
        assertThat(summary.succeeded()).isTrue();
        assertThat(sink.stored).hasSize(USABLE_ROWS);
        assertThat(sink.flushes).isPositive();
        assertThat(sink.stored.stream().map(BillingLineItem::getBilledCost))
                .allSatisfy(cost -> assertThat(cost.scale()).isEqualTo(Decimals.SCALE));
        assertThat(
                        sink.stored.stream()
                                .map(BillingLineItem::getBilledCost)
                                .reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualTo(BILLED_COST_OF_USABLE_ROWS);
        assertThat(summary.publishedBilledCost()).isEqualTo(BILLED_COST_OF_USABLE_ROWS);
        assertThat(summary.publishedWithoutServiceTag()).isEqualTo(USABLE_ROWS_WITHOUT_SERVICE_TAG);
        assertThat(summary.firstRejections()).hasSize(BROKEN_ROWS.size());
        for (int i = 0; i < BROKEN_ROWS.size(); i++) {
            IngestSummary.RowProblem problem = summary.firstRejections().get(i);
            assertThat(problem.rowNumber()).isEqualTo(BROKEN_ROWS.get(i).row());
            assertThat(problem.code()).isEqualTo(BROKEN_ROWS.get(i).code());
            assertThat(problem.detail()).startsWith(BROKEN_ROWS.get(i).reason());
        }
    }

    @Test
    void shouldMapTheMessyValuesWhenRowsAreUsable() throws IOException {
        RecordingBillingSink sink = new RecordingBillingSink();

        ingest(FocusFixtures.path(MESSY_EXPORT), sink, null);

        List<BillingLineItem> items = sink.stored;
        // Row 3: lower-case category, space-separated date-times, padded tag keys and values.
        assertThat(items.get(1).getChargeCategory()).isEqualTo(ChargeCategory.USAGE);
        assertThat(items.get(1).getChargePeriodStart().toString())
                .isEqualTo("2024-03-01T10:00:00Z");
        assertThat(items.get(1).getTags()).containsEntry("service", "search");
        assertThat(items.get(1).getListCost()).isEqualTo(items.get(1).getBilledCost());
        // Row 5: a tax without resource, region or tags.
        assertThat(items.get(3).getChargeCategory()).isEqualTo(ChargeCategory.TAX);
        assertThat(items.get(3).getResourceId()).isNull();
        assertThat(items.get(3).getRegionId()).isNull();
        assertThat(items.get(3).getTags()).isEmpty();
        // Row 8: a correction, in lower case.
        assertThat(items.get(5).getChargeClass()).isEqualTo(ChargeClass.CORRECTION);
        // Row 10: a description with a comma and quotes inside the quoted field.
        assertThat(items.get(6).getChargeCategory()).isEqualTo(ChargeCategory.PURCHASE);
        assertThat(items.get(6).getTags()).containsEntry("service", "checkout");
    }

    @Test
    void shouldGiveARepeatedRowItsOwnIdWhenTheExportRepeatsIt() throws IOException {
        RecordingBillingSink sink = new RecordingBillingSink();

        ingest(FocusFixtures.path(MESSY_EXPORT), sink, null);

        String row2 = sink.stored.get(0).getLineItemId();
        String row13 = sink.stored.get(USABLE_ROWS - 1).getLineItemId();
        assertThat(row13).isEqualTo(row2 + "#2");
        assertThat(sink.stored.stream().map(BillingLineItem::getLineItemId))
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldReadTheSameRowsWhenTheExportIsGzipped() throws IOException {
        Path gzipped = dir.resolve("export.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(FocusFixtures.path(MESSY_EXPORT), out);
        }
        RecordingBillingSink plain = new RecordingBillingSink();
        RecordingBillingSink compressed = new RecordingBillingSink();

        ingest(FocusFixtures.path(MESSY_EXPORT), plain, null);
        IngestSummary summary = ingest(gzipped, compressed, null);

        assertThat(summary.rowsRead()).isEqualTo(ROWS);
        assertThat(compressed.stored).isEqualTo(plain.stored);
    }

    @Test
    void shouldWriteEveryRejectionWhenAskedForARejectsFile() throws IOException {
        Path rejectsFile = dir.resolve("rejects.csv");

        try (RejectsFile rejects = RejectsFile.create(rejectsFile)) {
            ingest(FocusFixtures.path(MESSY_EXPORT), new RecordingBillingSink(), rejects, 1);
        }

        List<String> lines = Files.readAllLines(rejectsFile, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1 + BROKEN_ROWS.size());
        assertThat(lines.get(0)).isEqualTo("row,code,detail");
        assertThat(lines.get(1))
                .isEqualTo("6,invalid-number,BilledCost 'abc' is not a decimal number");
        assertThat(lines.get(4))
                .isEqualTo("12,malformed-row,\"the row has 6 fields, the header has 31\"");
    }

    @Test
    void shouldListOnlyTheFirstRejectionsAndCountTheRestWhenThereAreMany() throws IOException {
        IngestSummary summary =
                ingest(FocusFixtures.path(MESSY_EXPORT), new RecordingBillingSink(), null, 2);
        StringWriter printed = new StringWriter();

        summary.print(new PrintWriter(printed));

        assertThat(summary.firstRejections()).hasSize(2);
        assertThat(printed.toString())
                .contains("  rows read    13")
                .contains("  published    8 (billed cost 873.192222211225 USD)")
                .contains("  rejected     5")
                .contains("row 6        invalid-number")
                .contains("row 9        invalid-period")
                .doesNotContain("row 11")
                .contains("... and 3 more; use --rejects FILE to write them all")
                .contains("3 published rows have no 'service' tag");
    }

    @Test
    void shouldStopAndFailWhenASendFails() throws IOException {
        RecordingBillingSink sink =
                new RecordingBillingSink(item -> item.getChargeCategory() == ChargeCategory.TAX);

        IngestSummary summary = ingest(FocusFixtures.path(MESSY_EXPORT), sink, null);

        // Rows 2, 3 and 4 are stored; row 5 (the tax) fails, and reading stops there.
        assertThat(summary.published()).isEqualTo(3);
        assertThat(summary.sendFailed()).isEqualTo(1);
        assertThat(summary.rowsRead()).isEqualTo(4);
        assertThat(summary.firstSendFailures())
                .containsExactly(
                        new IngestSummary.RowProblem(
                                5, "send-failed", "IllegalStateException: broker gone"));
        assertThat(summary.stopReason())
                .isEqualTo("stopped after row 5 because Kafka did not store a line item");
        assertThat(summary.succeeded()).isFalse();
    }

    @Test
    void shouldStopAndNameTheRowWhenTheFileStopsBeingValidCsv() throws IOException {
        List<String> lines = Files.readAllLines(FocusFixtures.path(MESSY_EXPORT));
        Path cut = dir.resolve("cut.csv");
        // Row 4 loses its closing quote: the rest of the file is one unterminated field.
        Files.write(cut, List.of(lines.get(0), lines.get(1), lines.get(2), "\"NULL\",\"0.5"));

        IngestSummary summary = ingest(cut, new RecordingBillingSink(), null);

        assertThat(summary.published()).isEqualTo(2);
        assertThat(summary.stopReason()).startsWith("row 4 is not valid CSV");
        assertThat(summary.succeeded()).isFalse();
    }

    @Test
    void shouldFailWhenNothingIsPublished() throws IOException {
        List<String> lines = Files.readAllLines(FocusFixtures.path(MESSY_EXPORT));
        Path brokenOnly = dir.resolve("broken-only.csv");
        Files.write(brokenOnly, List.of(lines.get(0), lines.get(5), lines.get(8)));

        IngestSummary summary = ingest(brokenOnly, new RecordingBillingSink(), null);

        assertThat(summary.rowsRead()).isEqualTo(2);
        assertThat(summary.rejected()).isEqualTo(2);
        assertThat(summary.succeeded()).isFalse();
    }

    private static IngestSummary ingest(Path file, BillingSink sink, RejectsFile rejects)
            throws IOException {
        return ingest(file, sink, rejects, 20);
    }

    private static IngestSummary ingest(
            Path file, BillingSink sink, RejectsFile rejects, int shownProblems)
            throws IOException {
        IngestSettings settings =
                new IngestSettings(
                        file,
                        "costflow.billing.v1",
                        "USD",
                        "service",
                        rejects == null ? null : Path.of("rejects.csv"),
                        shownProblems);
        try (FocusCsvReader reader = FocusCsvReader.open(file)) {
            assertThat(reader.header()).startsWith("AvailabilityZone", "BilledCost");
            return new FocusIngest(settings, sink, rejects, ProgressBar.none()).run(reader);
        }
    }
}
