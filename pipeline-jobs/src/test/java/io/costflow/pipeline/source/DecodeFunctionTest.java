package io.costflow.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.validation.BillingValidator;
import io.costflow.pipeline.Fixtures;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.serde.Serdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeFunctionTest {

    private static final String TOPIC = "costflow.billing.v1";

    @Test
    void shouldPassOnValidRecordsAndDeadLetterTheRestWithTheirOriginalBytes() throws Exception {
        BillingLineItem valid = Fixtures.usage("li-1", "checkout", Fixtures.BEGINNING, "1.5");
        BillingLineItem euro = BillingLineItem.newBuilder(valid).setBillingCurrency("EUR").build();
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);

        try (OneInputStreamOperatorTestHarness<RawRecord, BillingLineItem> harness = harness()) {
            harness.processElement(raw(0, Serdes.billing().serialize(valid)), 1L);
            harness.processElement(raw(1, garbage), 2L);
            harness.processElement(raw(2, Serdes.billing().serialize(euro)), 3L);

            assertThat(harness.extractOutputValues()).containsExactly(valid);
            List<DeadLetter> letters = deadLetters(harness);
            assertThat(letters)
                    .extracting(DeadLetter::getReasonCode)
                    .containsExactly("not-single-object-encoded", "wrong-currency");
            DeadLetter first = letters.get(0);
            assertThat(first.getSourceTopic()).isEqualTo(TOPIC);
            assertThat(first.getSourcePartition()).isEqualTo(3);
            assertThat(first.getSourceOffset()).isEqualTo(1);
            assertThat(first.getStage()).isEqualTo("decode-billing");
            assertThat(first.getOriginalValue()).isEqualTo(ByteBuffer.wrap(garbage));
            assertThat(letters.get(1).getReason()).contains("EUR");
        }
    }

    @Test
    void shouldDeadLetterARecordWithoutValue() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, BillingLineItem> harness = harness()) {
            harness.processElement(raw(7, null), 1L);

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(deadLetters(harness))
                    .extracting(DeadLetter::getReasonCode)
                    .containsExactly("empty");
        }
    }

    @Test
    void shouldCountEveryRecordAsAcceptedOrDeadLettered() throws Exception {
        InterceptingOperatorMetricGroup operatorMetrics = new InterceptingOperatorMetricGroup();
        InterceptingTaskMetricGroup metrics =
                new InterceptingTaskMetricGroup() {
                    @Override
                    public InternalOperatorMetricGroup getOrAddOperator(
                            OperatorID id, String name, Map<String, String> additionalVariables) {
                        return operatorMetrics;
                    }
                };
        MockEnvironment environment = new MockEnvironmentBuilder().setMetricGroup(metrics).build();
        ProcessOperator<RawRecord, BillingLineItem> operator =
                new ProcessOperator<>(
                        DecodeFunction.records(
                                Serdes.billing(), new BillingValidator("USD"), "decode-billing"));
        try (var harness = new OneInputStreamOperatorTestHarness<>(operator, environment)) {
            harness.open();
            BillingLineItem valid = Fixtures.usage("li-1", "checkout", Fixtures.BEGINNING, "1");
            for (int i = 0; i < 10; i++) {
                byte[] value =
                        i % 3 == 0 ? new byte[] {1, 2, 3} : Serdes.billing().serialize(valid);
                harness.processElement(raw(i, value), i);
            }

            long read = count(operatorMetrics, "recordsRead");
            long accepted = count(operatorMetrics, "recordsAccepted");
            long deadLettered = count(operatorMetrics, "recordsDeadLettered");
            assertThat(read).isEqualTo(10);
            assertThat(accepted).isEqualTo(6);
            assertThat(deadLettered).isEqualTo(4);
            assertThat(accepted + deadLettered).isEqualTo(read);
            assertThat(deadLetters(harness)).hasSize(4);
        }
    }

    private static long count(InterceptingOperatorMetricGroup group, String name) {
        return ((Counter) group.get(name)).getCount();
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, BillingLineItem> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(
                DecodeFunction.records(
                        Serdes.billing(), new BillingValidator("USD"), "decode-billing"));
    }

    private static RawRecord raw(long offset, byte[] value) {
        return new RawRecord(TOPIC, 3, offset, 1_000L, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    private static List<DeadLetter> deadLetters(
            OneInputStreamOperatorTestHarness<RawRecord, BillingLineItem> harness) {
        ConcurrentLinkedQueue<StreamRecord<DeadLetter>> side =
                harness.getSideOutput(DecodeFunction.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }
}
