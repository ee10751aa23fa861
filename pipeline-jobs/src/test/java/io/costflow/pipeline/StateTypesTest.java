package io.costflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.alerting.FiringEpisode;
import io.costflow.model.alerting.budget.LateBilling;
import io.costflow.model.alerting.budget.WindowSpend;
import io.costflow.model.alerting.slo.SloSample;
import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.billing.BillingTotals;
import io.costflow.model.usage.ResourceUsage;
import io.costflow.model.usage.ShareHistogram;
import io.costflow.model.usage.UsageTotals;
import io.costflow.pipeline.alert.OwnedSpend;
import io.costflow.pipeline.attribution.ResourceSighting;
import io.costflow.pipeline.billing.BillingPartial;
import io.costflow.pipeline.billing.BillingWindow;
import io.costflow.pipeline.recommend.RecommendationRejection;
import io.costflow.pipeline.recommend.RecommendationRetraction;
import io.costflow.pipeline.source.RawRecord;
import io.costflow.pipeline.source.VersionedLine;
import io.costflow.pipeline.usage.PricedSample;
import io.costflow.pipeline.usage.UsagePartial;
import io.costflow.pipeline.usage.UsageWindow;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.TelemetryEvent;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No type that flows between operators or sits in state may fall back to Kryo. */
class StateTypesTest {

    @ParameterizedTest
    @ValueSource(
            classes = {
                RawRecord.class,
                VersionedLine.class,
                ResourceSighting.class,
                AttributedCharge.class,
                BillingTotals.class,
                BillingWindow.class,
                BillingPartial.class,
                UsagePartial.class,
                PricedSample.class,
                ResourceUsage.class,
                ShareHistogram.class,
                UsageTotals.class,
                UsageWindow.class,
                RecommendationRejection.class,
                RecommendationRetraction.class,
                OwnedSpend.class,
                SloSample.class,
                WindowSpend.class,
                LateBilling.class,
                FiringEpisode.class
            })
    void shouldSerialiseAsPojoWithoutKryo(Class<?> type) {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
    }

    @ParameterizedTest
    @ValueSource(
            classes = {
                ServiceCostWindow.class,
                TelemetryEvent.class,
                BillingLineItem.class,
                Recommendation.class,
                io.costflow.schemas.SlaAlert.class,
                io.costflow.schemas.BudgetAlert.class
            })
    void shouldSerialiseAvroRecordsWithAvroNotKryo(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(AvroTypeInfo.class);
        assertThat(info.createSerializer(new SerializerConfigImpl()))
                .isNotInstanceOf(KryoSerializer.class);
    }
}
