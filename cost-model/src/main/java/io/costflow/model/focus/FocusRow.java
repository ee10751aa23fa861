package io.costflow.model.focus;

import java.util.HashMap;
import java.util.Map;

/**
 * One row of a FOCUS export, looked up by column name regardless of the header's case, order or
 * padding. Values are trimmed; an empty value and the literal {@code NULL} (any case) are null, as
 * the exports write nulls both ways.
 */
final class FocusRow {

    private final Map<String, String> valuesByName;

    FocusRow(Map<String, String> row) {
        this.valuesByName = new HashMap<>(row.size() * 2);
        row.forEach(
                (name, value) -> {
                    if (name == null) {
                        return;
                    }
                    String key = FocusColumns.normalize(name);
                    String v = nullable(value);
                    // A column named twice (e.g. "Tags" and " tags"): the first non-null value
                    // wins.
                    if (valuesByName.get(key) == null) {
                        valuesByName.put(key, v);
                    }
                });
    }

    /** Whether the file has the column (under any of its accepted names), null or not. */
    boolean has(String column) {
        return FocusColumns.namesOf(column).stream()
                .map(FocusColumns::normalize)
                .anyMatch(valuesByName::containsKey);
    }

    /** The column's value, or null if the column is absent or null in this row. */
    String get(String column) {
        for (String name : FocusColumns.namesOf(column)) {
            String value = valuesByName.get(FocusColumns.normalize(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String nullable(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() || trimmed.equalsIgnoreCase("NULL") ? null : trimmed;
    }
}
