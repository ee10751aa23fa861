package io.costflow.ingest;

import io.costflow.ingest.IngestSummary.RowProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every rejected row of an ingest as CSV ({@code row,code,detail}), for fixing and re-ingesting.
 */
public final class RejectsFile implements AutoCloseable {

    private final CSVPrinter printer;

    private RejectsFile(CSVPrinter printer) {
        this.printer = printer;
    }

    /** Creates (or replaces) the file and writes its header. */
    public static RejectsFile create(Path file) throws IOException {
        CSVPrinter printer =
                CSVFormat.RFC4180
                        .builder()
                        .setHeader("row", "code", "detail")
                        .get()
                        .print(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        return new RejectsFile(printer);
    }

    void write(RowProblem problem) {
        try {
            printer.printRecord(problem.rowNumber(), problem.code(), problem.detail());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejects file", e);
        }
    }

    @Override
    public void close() {
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejects file", e);
        }
    }
}
