package io.costflow.model.catalog;

import io.costflow.model.catalog.CatalogFormatException.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the catalog CSV: a header line naming the columns (any order, any case), then one instance
 * type per line. Blank lines and {@code #} comments are skipped; fields may be double-quoted.
 * Validates everything and reports all problems at once.
 */
final class CatalogParser {

    /** The columns of a catalog file; each must appear exactly once in the header. */
    enum Column {
        PROVIDER("provider"),
        REGION("region"),
        INSTANCE_TYPE("instanceType"),
        FAMILY("family"),
        CATEGORY("category"),
        VCPU("vcpu"),
        MEMORY_GIB("memoryGiB"),
        ON_DEMAND_HOURLY("onDemandHourly"),
        SPOT_HOURLY("spotHourly");

        final String header;

        Column(String header) {
            this.header = header;
        }

        static Optional<Column> fromHeader(String name) {
            return Arrays.stream(values()).filter(c -> c.header.equalsIgnoreCase(name)).findFirst();
        }

        static String allHeaders() {
            return Arrays.stream(values()).map(c -> c.header).collect(Collectors.joining(", "));
        }
    }

    /**
     * Plain decimal notation only: no exponent, no thousands separator, no currency sign. A sign is
     * accepted here so that a negative price gets the precise "must not be negative" message.
     */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private final List<InstanceType> types = new ArrayList<>();
    private final Map<String, Integer> lineOfKey = new HashMap<>();
    private Map<Column, Integer> columnIndex;
    private int headerWidth;

    private CatalogParser(String source) {
        this.source = source;
    }

    /**
     * @return every instance type in file order
     * @throws CatalogFormatException listing every problem, if there is any
     */
    static List<InstanceType> parse(BufferedReader reader, String source) throws IOException {
        return new CatalogParser(source).read(reader);
    }

    /** The lookup key of an instance type: names are compared ignoring case and padding. */
    static String key(String region, String instanceType) {
        return normalize(region) + '|' + normalize(instanceType);
    }

    static String normalize(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private List<InstanceType> read(BufferedReader reader) throws IOException {
        int lineNumber = 0;
        boolean headerBroken = false;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                // Spreadsheets save UTF-8 CSV with a byte-order mark that would glue onto the first
                // column name.
                line = line.substring(1);
            }
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            Optional<List<String>> fields = split(line);
            if (fields.isEmpty()) {
                problem(lineNumber, "unterminated quoted field");
                if (columnIndex == null) {
                    headerBroken = true;
                    break;
                }
                continue;
            }
            if (columnIndex == null) {
                headerBroken = !readHeader(lineNumber, fields.get());
                if (headerBroken) {
                    // Without every column the rows cannot be interpreted; reporting each row as
                    // broken would bury the one real mistake.
                    break;
                }
            } else {
                readRow(lineNumber, fields.get());
            }
        }
        int lastLine = Math.max(lineNumber, 1);
        if (columnIndex == null && !headerBroken) {
            problem(lastLine, "no header line; expected the columns " + Column.allHeaders());
        } else if (columnIndex != null && types.isEmpty() && problems.isEmpty()) {
            problem(lastLine, "no instance types after the header");
        }
        if (!problems.isEmpty()) {
            throw new CatalogFormatException(source, problems);
        }
        return types;
    }

    /**
     * @return whether every column was found, so that rows can be read
     */
    private boolean readHeader(int lineNumber, List<String> names) {
        Map<Column, Integer> index = new EnumMap<>(Column.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                problem(lineNumber, "header column " + (i + 1) + " has no name");
                continue;
            }
            Optional<Column> column = Column.fromHeader(name);
            if (column.isEmpty()) {
                problem(
                        lineNumber,
                        "unknown column '" + name + "'; expected " + Column.allHeaders());
            } else if (index.putIfAbsent(column.get(), i) != null) {
                problem(lineNumber, "column '" + column.get().header + "' appears twice");
            }
        }
        for (Column column : Column.values()) {
            if (!index.containsKey(column)) {
                problem(lineNumber, "missing column '" + column.header + "'");
            }
        }
        headerWidth = names.size();
        columnIndex = index;
        return index.size() == Column.values().length;
    }

    private void readRow(int lineNumber, List<String> fields) {
        if (fields.size() != headerWidth) {
            problem(lineNumber, "expected " + headerWidth + " columns, found " + fields.size());
            return;
        }
        int problemsBefore = problems.size();
        Map<Column, String> value = new EnumMap<>(Column.class);
        for (Column column : Column.values()) {
            String text = fields.get(columnIndex.get(column));
            if (text.isEmpty()) {
                problem(lineNumber, column.header + " is blank");
            } else {
                value.put(column, text);
            }
        }

        InstanceCategory category = null;
        if (value.containsKey(Column.CATEGORY)) {
            category = InstanceCategory.fromLabel(value.get(Column.CATEGORY)).orElse(null);
            if (category == null) {
                problem(
                        lineNumber,
                        "category '"
                                + value.get(Column.CATEGORY)
                                + "' is not one of "
                                + InstanceCategory.allLabels());
            }
        }
        Integer vcpu = positiveInteger(lineNumber, Column.VCPU, value.get(Column.VCPU));
        BigDecimal memory =
                positiveDecimal(lineNumber, Column.MEMORY_GIB, value.get(Column.MEMORY_GIB));
        BigDecimal onDemand =
                price(lineNumber, Column.ON_DEMAND_HOURLY, value.get(Column.ON_DEMAND_HOURLY));
        BigDecimal spot = price(lineNumber, Column.SPOT_HOURLY, value.get(Column.SPOT_HOURLY));
        if (onDemand != null && spot != null && spot.compareTo(onDemand) > 0) {
            problem(lineNumber, "spotHourly " + spot + " is above onDemandHourly " + onDemand);
        }

        String region = value.get(Column.REGION);
        String name = value.get(Column.INSTANCE_TYPE);
        if (region != null && name != null) {
            Integer firstLine = lineOfKey.putIfAbsent(key(region, name), lineNumber);
            if (firstLine != null) {
                problem(
                        lineNumber,
                        "duplicate instance type "
                                + name
                                + " in region "
                                + region
                                + ", first defined on line "
                                + firstLine);
            }
        }

        if (problems.size() == problemsBefore) {
            types.add(
                    new InstanceType(
                            value.get(Column.PROVIDER),
                            region,
                            name,
                            value.get(Column.FAMILY),
                            category,
                            vcpu,
                            memory,
                            onDemand,
                            spot));
        }
    }

    private Integer positiveInteger(int lineNumber, Column column, String text) {
        if (text == null) {
            return null;
        }
        if (INTEGER.matcher(text).matches()) {
            try {
                int parsed = Integer.parseInt(text);
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException tooLarge) {
                // falls through to the same message as any other non-positive-integer text
            }
        }
        problem(lineNumber, column.header + " must be a positive integer, was '" + text + "'");
        return null;
    }

    private BigDecimal positiveDecimal(int lineNumber, Column column, String text) {
        BigDecimal parsed = decimal(lineNumber, column, text);
        if (parsed != null && parsed.signum() <= 0) {
            problem(lineNumber, column.header + " must be positive, was " + text);
            return null;
        }
        return parsed;
    }

    private BigDecimal price(int lineNumber, Column column, String text) {
        BigDecimal parsed = decimal(lineNumber, column, text);
        if (parsed != null && parsed.signum() < 0) {
            problem(lineNumber, column.header + " must not be negative, was " + text);
            return null;
        }
        return parsed;
    }

    private BigDecimal decimal(int lineNumber, Column column, String text) {
        if (text == null) {
            return null;
        }
        if (!DECIMAL.matcher(text).matches()) {
            problem(lineNumber, column.header + " is not a decimal number: '" + text + "'");
            return null;
        }
        // Parsed from the text, never through a double: 0.096 stays exactly 0.096.
        return new BigDecimal(text);
    }

    private void problem(int lineNumber, String message) {
        problems.add(new Problem(lineNumber, message));
    }

    /**
     * Splits one line at commas. A field may be wrapped in double quotes (then it may contain
     * commas, and {@code ""} stands for one quote). Fields are stripped of surrounding spaces.
     *
     * @return the fields, or empty if a quote is never closed
     */
    static Optional<List<String>> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return Optional.empty();
        }
        fields.add(field.toString().strip());
        return Optional.of(fields);
    }
}
