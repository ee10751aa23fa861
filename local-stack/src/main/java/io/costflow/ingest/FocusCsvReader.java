package io.costflow.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a FOCUS export as the clouds write it: RFC 4180 CSV in UTF-8, possibly with a byte-order
 * mark, possibly gzip-compressed (detected from the content, not the name), header in the first
 * record. Values are passed on as written; what they mean is {@code FocusRowMapper}'s business.
 */
public final class FocusCsvReader implements Closeable {

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final CountingInputStream counted;
    private final long size;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long rowNumber = 1;

    private FocusCsvReader(CountingInputStream counted, long size, CSVParser parser)
            throws IOException {
        this.counted = counted;
        this.size = size;
        this.parser = parser;
        this.records = parser.iterator();
        CSVRecord first = nextRecord();
        if (first == null) {
            throw new IOException("the file is empty: no header row");
        }
        List<String> names = new ArrayList<>(first.size());
        for (String name : first) {
            names.add(name.strip());
        }
        this.header = Collections.unmodifiableList(names);
    }

    /**
     * Opens a file and reads its header.
     *
     * @throws IOException if the file cannot be opened, is empty, or its header is not CSV
     */
    public static FocusCsvReader open(Path file) throws IOException {
        long size = Files.size(file);
        CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
        try {
            BufferedInputStream in = new BufferedInputStream(counted, 1 << 16);
            InputStream content = isGzip(in) ? new GZIPInputStream(in, 1 << 16) : in;
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
            skipByteOrderMark(reader);
            return new FocusCsvReader(counted, size, FORMAT.parse(reader));
        } catch (IOException | RuntimeException e) {
            counted.close();
            throw e;
        }
    }

    /** The column names of the first record, trimmed, in file order. */
    public List<String> header() {
        return header;
    }

    /**
     * The next data record, or null at the end of the file. Blank lines are skipped.
     *
     * @throws IOException if the file cannot be read or is not valid CSV from here on (e.g. a quote
     *     that is never closed); the message names the row
     */
    public CsvRow next() throws IOException {
        CSVRecord record = nextRecord();
        if (record == null) {
            return null;
        }
        rowNumber++;
        Map<String, String> values = new LinkedHashMap<>();
        int columns = Math.min(header.size(), record.size());
        for (int i = 0; i < columns; i++) {
            // A column named twice: keep the first non-blank value.
            String previous = values.get(header.get(i));
            if (previous == null || previous.isBlank()) {
                values.put(header.get(i), record.get(i));
            }
        }
        return new CsvRow(rowNumber, values, record.size());
    }

    /** Bytes read from the file so far (compressed bytes, for a gzip file). */
    public long bytesRead() {
        return counted.count;
    }

    /** The file's size in bytes. */
    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private CSVRecord nextRecord() throws IOException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            // Commons CSV's iterator wraps parse errors; report the row the error started in.
            throw new IOException(
                    "row " + (rowNumber + 1) + " is not valid CSV: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    /** Counts the bytes taken from the file, for progress. */
    private static final class CountingInputStream extends FilterInputStream {

        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
