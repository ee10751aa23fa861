package io.costflow.model.focus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows for the FOCUS tests: a clean usage row to vary, and CSV fixtures read as exports are. */
final class FocusRows {

    static final String HOUR_START = "2024-03-01T10:00:00Z";
    static final String HOUR_END = "2024-03-01T11:00:00Z";

    private FocusRows() {}

    /** One hour of an EC2 instance, as AWS's FOCUS 1.0 export writes it. */
    static Map<String, String> ec2Hour() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("BillingAccountId", "123456789012");
        row.put("SubAccountId", "210987654321");
        row.put("BillingPeriodStart", "2024-03-01T00:00:00Z");
        row.put("ChargePeriodStart", HOUR_START);
        row.put("ChargePeriodEnd", HOUR_END);
        row.put("ChargeCategory", "Usage");
        row.put("ChargeClass", "NULL");
        row.put("ChargeDescription", "$0.096 per On Demand Linux m5.large Instance Hour");
        row.put("BilledCost", "0.096");
        row.put("EffectiveCost", "0.096");
        row.put("ListCost", "0.096");
        row.put("BillingCurrency", "USD");
        row.put("ResourceId", "arn:aws:ec2:eu-west-1:210987654321:instance/i-0abc");
        row.put("ServiceName", "Amazon Elastic Compute Cloud");
        row.put("SkuId", "JRTCKXETXF");
        row.put("SkuPriceId", "JRTCKXETXF.JRTCKXETXF.6YS6EN2CT7");
        row.put("PricingCategory", "Standard");
        row.put("PricingUnit", "Hrs");
        row.put("ConsumedQuantity", "1");
        row.put("ConsumedUnit", "Hrs");
        row.put("RegionId", "eu-west-1");
        row.put("Tags", "{\"service\": \"checkout\", \"team\": \"payments\"}");
        return row;
    }

    /** A copy of {@code row} with one column set (or added). */
    static Map<String, String> with(Map<String, String> row, String column, String value) {
        Map<String, String> copy = new LinkedHashMap<>(row);
        copy.put(column, value);
        return copy;
    }

    /** A copy of {@code row} without a column. */
    static Map<String, String> without(Map<String, String> row, String column) {
        Map<String, String> copy = new LinkedHashMap<>(row);
        copy.remove(column);
        return copy;
    }

    /** The data rows of a CSV resource under {@code focus/}, keyed by its header. */
    static List<Map<String, String>> csvResource(String name) {
        try (InputStream in = FocusRows.class.getResourceAsStream("/focus/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource focus/" + name);
            }
            return csv(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The data rows of RFC 4180 text (quoted fields, doubled quotes, commas and line breaks in
     * quotes), keyed by its first line. The ingest reads files with Apache Commons CSV; cost-model
     * has no CSV library, and its tests only need this much.
     */
    static List<Map<String, String>> csv(String text) {
        List<List<String>> records = records(text);
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), record.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
