package io.costflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.SampleRecords;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.TelemetryEvent;
import io.costflow.schemas.serde.RecordDecodingException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSingleObjectSerdeTest {

    static Stream<SpecificRecord> everyRecordType() {
        return SampleRecords.all().stream();
    }

    @ParameterizedTest
    @MethodSource("everyRecordType")
    <T extends SpecificRecord> void shouldRoundTripEveryRecordType(T record) throws Exception {
        @SuppressWarnings("unchecked")
        RecordSerde<T> serde = AvroSingleObjectSerde.forClass((Class<T>) record.getClass());

        byte[] bytes = serde.serialize(record);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.deserialize(bytes)).isEqualTo(record);
    }

    @Test
    void shouldKeepMoneyExactToTheLastDigit() throws Exception {
        RecordSerde<BillingLineItem> serde = Serdes.billing();
        BillingLineItem item = SampleRecords.billing();
        item.setBilledCost(Decimals.of("123456789012345678.123456789012"));

        BigDecimal decoded = serde.deserialize(serde.serialize(item)).getBilledCost();

        assertThat(decoded).isEqualByComparingTo("123456789012345678.123456789012");
        assertThat(decoded.scale()).isEqualTo(Decimals.SCALE);
    }

    @Test
    void shouldRejectEmptyBytesWithATypedReason() {
        assertThatThrownBy(() -> Serdes.telemetry().deserialize(new byte[0]))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
        assertThatThrownBy(() -> Serdes.telemetry().deserialize(null))
                .isInstanceOf(RecordDecodingException.class);
    }

    @Test
    void shouldRejectGarbageBytesWithATypedReason() {
        byte[] garbage = "{\"serviceId\": \"checkout\"}".getBytes();

        assertThatThrownBy(() -> Serdes.telemetry().deserialize(garbage))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT_ENCODED));
    }

    @Test
    void shouldRejectAnUnknownFingerprintWithATypedReason() {
        byte[] bytes = Serdes.telemetry().serialize(SampleRecords.telemetry());
        bytes[5] ^= 0x5A; // inside the 8-byte fingerprint

        assertThatThrownBy(() -> Serdes.telemetry().deserialize(bytes))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_FINGERPRINT);
                            assertThat(e.reason().code()).isEqualTo("unknown-schema-fingerprint");
                        });
    }

    @Test
    void shouldRejectAnotherTopicsRecordAsUnknownFingerprint() {
        byte[] billingBytes = Serdes.billing().serialize(SampleRecords.billing());

        assertThatThrownBy(() -> Serdes.telemetry().deserialize(billingBytes))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_FINGERPRINT));
    }

    @Test
    void shouldRejectEveryTruncationOfAValidRecordWithoutAnUncheckedException() {
        byte[] bytes = Serdes.telemetry().serialize(SampleRecords.telemetry());

        for (int length = 1; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> Serdes.telemetry().deserialize(truncated))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(RecordDecodingException.class);
        }
    }

    @Test
    void shouldRejectACorruptBodyAsMalformed() {
        byte[] bytes = Serdes.telemetry().serialize(SampleRecords.telemetry());
        // A huge negative length right after the header: the first string field's length.
        bytes[10] = (byte) 0x01;

        assertThatThrownBy(() -> Serdes.telemetry().deserialize(bytes))
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY));
    }

    /**
     * A config as the API of release v1 wrote it, before {@code deployedAt}: today's reader
     * resolves it with the released schema, and the new field takes its default.
     */
    @Test
    void shouldDecodeAConfigAnEarlierReleaseWroteWithTheNewFieldAtItsDefault() throws Exception {
        Schema v1 = ReleasedSchemas.of("v1").get("ServiceConfig");
        ServiceConfig current = SampleRecords.serviceConfig();
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        GenericData.Record old = new GenericData.Record(v1);
        for (Schema.Field field : v1.getFields()) {
            old.put(field.name(), current.get(field.name()));
        }
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(model, v1).encode(old).array();

        ServiceConfig decoded = Serdes.serviceConfig().deserialize(bytes);

        assertThat(v1.getField("deployedAt")).isNull();
        assertThat(decoded.getDeployedAt()).isNull();
        assertThat(decoded)
                .usingRecursiveComparison()
                .ignoringFields("deployedAt")
                .isEqualTo(current);
        assertThatThrownBy(
                        () ->
                                AvroSingleObjectSerde.forClass(ServiceConfig.class)
                                        .deserialize(bytes))
                .as("without the released schemas the fingerprint is unknown")
                .isInstanceOfSatisfying(
                        RecordDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_FINGERPRINT));
    }

    @Test
    void shouldStillWorkAfterJavaSerialisationAsFlinkShipsIt() throws Exception {
        RecordSerde<TelemetryEvent> serde = Serdes.telemetry();
        byte[] bytes = serde.serialize(SampleRecords.telemetry());

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(serde);
        }
        @SuppressWarnings("unchecked")
        RecordSerde<TelemetryEvent> copy =
                (RecordSerde<TelemetryEvent>)
                        new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))
                                .readObject();

        assertThat(copy.deserialize(bytes)).isEqualTo(SampleRecords.telemetry());
    }
}
