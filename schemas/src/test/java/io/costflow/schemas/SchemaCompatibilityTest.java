package io.costflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.serde.ReleasedSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each topic's current schema must stay readable by consumers built against every released version,
 * and able to read what those versions wrote (full compatibility). The released versions are kept
 * in the jar under {@code avro/previous/vN} ({@link ReleasedSchemas}).
 */
class SchemaCompatibilityTest {

    static Stream<Object[]> currentAgainstReleased() {
        List<Object[]> cases = new ArrayList<>();
        for (String version : ReleasedSchemas.VERSIONS) {
            Map<String, Schema> previous = parseReleased(version);
            for (SpecificRecord record : SampleRecords.all()) {
                Schema current = record.getSchema();
                cases.add(new Object[] {version, current, previous.get(current.getName())});
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} against {0}")
    @MethodSource("currentAgainstReleased")
    void shouldStayFullyCompatibleWithEveryReleasedVersion(
            String version, Schema current, Schema previous) {
        assertThat(previous)
                .as("%s has no released %s schema", version, current.getName())
                .isNotNull();

        assertThat(readable(previous, current))
                .as("consumers on %s can read records written with the current schema", version)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(readable(current, previous))
                .as("the current schema can read records written with %s", version)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void shouldDetectAChangeThatBreaksOldReaders() {
        Schema previous = parseReleased("v1").get("BillingLineItem");
        // Drop a required field: an old reader has no default for it.
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : previous.getFields()) {
            if (!field.name().equals("billedCost")) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        Schema broken =
                Schema.createRecord(
                        previous.getName(),
                        previous.getDoc(),
                        previous.getNamespace(),
                        false,
                        fields);

        assertThat(readable(previous, broken)).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(readable(broken, previous)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void shouldDetectARenamedEnumSymbol() {
        Schema previous = parseReleased("v1").get("ServiceCostWindow");
        Schema broken =
                new Schema.Parser()
                        .parse(previous.toString().replace("\"CORRECTED\"", "\"RESTATED\""));

        assertThat(broken.toString()).contains("RESTATED");
        assertThat(readable(previous, broken)).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static SchemaCompatibilityType readable(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }

    private static Map<String, Schema> parseReleased(String version) {
        return ReleasedSchemas.of(version);
    }
}
