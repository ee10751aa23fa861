package io.costflow.ingest;

import java.util.Map;

/**
 * One data record of a CSV file.
 *
 * @param rowNumber the record's row as a spreadsheet shows it: the header is row 1, the first data
 *     record row 2, blank lines are not counted (so, when there are none and no quoted field spans
 *     lines, the row is the line number)
 * @param values the record's fields keyed by the header's column names
 * @param fieldCount how many fields the record has; differs from the header's count in a cut or
 *     garbled line
 */
public record CsvRow(long rowNumber, Map<String, String> values, int fieldCount) {}
