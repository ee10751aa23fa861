package io.costflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.CostWindowTotals;
import io.costflow.pipeline.cost.CostContribution;
import io.costflow.pipeline.source.RawRecord;
import io.costflow.schemas.ServiceCostWindow;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** No type that flows between operators or sits in state may fall back to Kryo. */
class StateTypesTest {

    @Test
    void shouldSerialiseRecordsBetweenOperatorsAsPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CostContribution.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CostWindowTotals.class);
    }

    @Test
    void shouldSerialiseAvroRecordsWithAvroNotKryo() {
        TypeSerializer<ServiceCostWindow> serializer =
                new AvroTypeInfo<>(ServiceCostWindow.class)
                        .createSerializer(new SerializerConfigImpl());
        assertThat(serializer).isNotInstanceOf(KryoSerializer.class);
        assertThat(TypeInformation.of(ServiceCostWindow.class)).isInstanceOf(AvroTypeInfo.class);
    }
}
