package io.costflow.pipeline.alert;

import io.costflow.model.alerting.budget.LateBilling;
import io.costflow.pipeline.CostWindowStage;
import io.costflow.pipeline.CostWindowStreams;
import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.SlaAlert;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

/**
 * SLA and budget alerts (DESIGN.md Processing steps 6–7): per service on the cost windows as they
 * are emitted, and per owner over the owner's services' spend. Takes sink appliers, so tests can
 * collect what {@link #fromOptions} sends to Kafka and PostgreSQL.
 */
public final class AlertStage implements CostWindowStage {

    private final AlertSettings settings;
    private final Consumer<DataStream<SlaAlert>> slaSink;
    private final Consumer<DataStream<BudgetAlert>> budgetSink;

    public AlertStage(
            AlertSettings settings,
            Consumer<DataStream<SlaAlert>> slaSink,
            Consumer<DataStream<BudgetAlert>> budgetSink) {
        this.settings = settings;
        this.slaSink = slaSink;
        this.budgetSink = budgetSink;
    }

    /** Alerts to their topics and tables as {@code options} say. */
    public static AlertStage fromOptions(ReadableConfig options) {
        return new AlertStage(
                AlertSettings.fromOptions(options),
                alerts -> {
                    alerts.sinkTo(AlertSinks.slaToKafka(options))
                            .name("sla-alerts-to-kafka")
                            .uid("sla-alerts-to-kafka");
                    alerts.sinkTo(AlertSinks.slaToPostgres(options))
                            .name("sla-alerts-to-postgres")
                            .uid("sla-alerts-to-postgres");
                },
                alerts -> {
                    alerts.sinkTo(AlertSinks.budgetToKafka(options))
                            .name("budget-alerts-to-kafka")
                            .uid("budget-alerts-to-kafka");
                    alerts.sinkTo(AlertSinks.budgetToPostgres(options))
                            .name("budget-alerts-to-postgres")
                            .uid("budget-alerts-to-postgres");
                });
    }

    @Override
    public void attach(CostWindowStreams costs, DataStream<ServiceConfig> configs) {
        BroadcastStream<ServiceConfig> broadcast =
                configs.broadcast(ServiceConfigs.BROADCAST_STATE);
        DataStream<Either<ServiceCostWindow, LateBilling>> spend =
                costs.windows()
                        .map(Either::<ServiceCostWindow, LateBilling>Left)
                        .returns(ServiceAlertFunction.INPUT)
                        .name("alert-windows")
                        .uid("alert-windows")
                        .union(
                                costs.tooLateBilling()
                                        .map(Either::<ServiceCostWindow, LateBilling>Right)
                                        .returns(ServiceAlertFunction.INPUT)
                                        .name("alert-too-late-billing")
                                        .uid("alert-too-late-billing"));
        SingleOutputStreamOperator<BudgetAlert> serviceAlerts =
                spend.keyBy(ServiceAlertFunction::serviceId, Types.STRING)
                        .connect(broadcast)
                        .process(new ServiceAlertFunction(settings))
                        .returns(new AvroTypeInfo<>(BudgetAlert.class))
                        .name("service-alerts")
                        .uid("service-alerts");
        SingleOutputStreamOperator<BudgetAlert> ownerAlerts =
                serviceAlerts
                        .getSideOutput(ServiceAlertFunction.OWNED_SPEND)
                        .keyBy(OwnedSpend::owner)
                        .connect(broadcast)
                        .process(new OwnerBudgetFunction(settings))
                        .returns(new AvroTypeInfo<>(BudgetAlert.class))
                        .name("owner-budget-alerts")
                        .uid("owner-budget-alerts");
        slaSink.accept(serviceAlerts.getSideOutput(ServiceAlertFunction.SLA_ALERTS));
        budgetSink.accept(serviceAlerts.union(ownerAlerts));
    }
}
