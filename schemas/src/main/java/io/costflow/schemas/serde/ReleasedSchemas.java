package io.costflow.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The schemas of every released version of the topics' records, kept in this jar under {@code
 * avro/previous/vN}. Readers register them ({@link Serdes}), so that a record written by a producer
 * of an earlier release still decodes after its schema gained a field; {@code
 * SchemaCompatibilityTest} holds each current schema to full compatibility with all of them.
 *
 * <p>Single-object encoding names the writer's schema by fingerprint only, so a reader can only
 * resolve schemas it knows: upgrade the readers of a topic before its writers.
 */
public final class ReleasedSchemas {

    /** Released versions, oldest first; add a directory here when a version is released. */
    public static final List<String> VERSIONS = List.of("v1");

    /** Shared named types first: the others refer to them. */
    private static final List<String> FILES_IN_PARSE_ORDER =
            List.of(
                    "LatencyHistogram",
                    "UtilizationStats",
                    "ChargeCategory",
                    "ChargeCategoryCost",
                    "TelemetryEvent",
                    "BillingLineItem",
                    "ServiceConfig",
                    "ServiceCostWindow",
                    "Recommendation",
                    "SlaAlert",
                    "BudgetAlert",
                    "DeadLetter");

    private ReleasedSchemas() {}

    /** Every schema of {@code version}, by record name. */
    public static Map<String, Schema> of(String version) {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> byName = new LinkedHashMap<>();
        for (String file : FILES_IN_PARSE_ORDER) {
            String path = "/avro/previous/" + version + "/" + file + ".avsc";
            try (InputStream in = ReleasedSchemas.class.getResourceAsStream(path)) {
                if (in == null) {
                    continue;
                }
                Schema schema = parser.parse(in);
                byName.put(schema.getName(), schema);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return byName;
    }

    /**
     * The released schemas of the record named {@code recordName}, one per version that has it, as
     * JSON with the named types it uses written out, so each parses on its own.
     */
    public static List<String> of(String recordName, List<String> versions) {
        List<String> schemas = new ArrayList<>();
        for (String version : versions) {
            Schema schema = of(version).get(recordName);
            if (schema != null) {
                schemas.add(schema.toString());
            }
        }
        return schemas;
    }
}
