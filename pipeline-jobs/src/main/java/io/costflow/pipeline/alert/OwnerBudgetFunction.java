package io.costflow.pipeline.alert;

import io.costflow.model.alerting.FiringEpisode;
import io.costflow.model.alerting.budget.Budget;
import io.costflow.model.alerting.budget.BudgetAlertEvent;
import io.costflow.model.alerting.budget.BudgetAlertMapper;
import io.costflow.model.alerting.budget.BudgetEvaluator;
import io.costflow.model.alerting.budget.FiredAlertLedger;
import io.costflow.model.alerting.budget.OwnerBudget;
import io.costflow.model.alerting.budget.SpendBurnRate;
import io.costflow.model.alerting.budget.SpendLedger;
import io.costflow.model.alerting.budget.WindowSpend;
import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.ServiceConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * An owner's budget alerts (thresholds, forecast and spend burn rate), keyed by owner, over the
 * spend of all the owner's services. The owner's budget is {@link OwnerBudget}: the sum of its
 * services' budgets in the current configs. Spend is kept per (service, window start), so a later
 * revision replaces the earlier one; state is evicted as in {@link ServiceAlertFunction}.
 */
public final class OwnerBudgetFunction
        extends KeyedBroadcastProcessFunction<String, OwnedSpend, ServiceConfig, BudgetAlert> {

    private static final long serialVersionUID = 1L;

    private final AlertSettings settings;

    private transient BudgetEvaluator budgets;
    private transient SpendBurnRate spendBurnRate;
    private transient Duration retention;

    private transient MapState<String, WindowSpend> spend;
    private transient MapState<String, String> fired;
    private transient ValueState<FiringEpisode> episode;
    private transient ValueState<Long> latestEnd;
    private transient ValueState<Long> cleanupAt;
    private transient MapState<Long, Boolean> pending;
    private transient ValueState<Long> evaluationAt;
    private transient ValueState<Long> evaluatedUpTo;
    private transient Duration evaluationDelay;

    public OwnerBudgetFunction(AlertSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        budgets = new BudgetEvaluator(settings.budget());
        spendBurnRate = new SpendBurnRate(settings.burnRate().rules());
        retention = settings.retention();
        evaluationDelay = settings.evaluationDelay();
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "owner-pending", Types.LONG, Types.BOOLEAN));
        evaluationAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("owner-evaluation-at", Types.LONG));
        evaluatedUpTo =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("owner-evaluated-up-to", Types.LONG));
        spend =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "owner-spend",
                                        Types.STRING,
                                        TypeInformation.of(WindowSpend.class)));
        fired =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "owner-fired", Types.STRING, Types.STRING));
        episode =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "owner-episode", TypeInformation.of(FiringEpisode.class)));
        latestEnd =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("owner-latest-end", Types.LONG));
        cleanupAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("owner-cleanup-at", Types.LONG));
    }

    @Override
    public void processBroadcastElement(
            ServiceConfig config, Context ctx, Collector<BudgetAlert> out) throws Exception {
        BroadcastState<String, ServiceConfig> configs =
                ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE);
        ServiceConfig held = configs.get(config.getServiceId());
        if (held == null || held.getVersion() <= config.getVersion()) {
            configs.put(config.getServiceId(), config);
        }
    }

    @Override
    public void processElement(OwnedSpend owned, ReadOnlyContext ctx, Collector<BudgetAlert> out)
            throws Exception {
        long newest =
                Math.max(
                        latestEnd.value() == null ? Long.MIN_VALUE : latestEnd.value(),
                        owned.end().toEpochMilli());
        latestEnd.update(newest);
        scheduleCleanup(ctx, newest);
        String key = owned.serviceId() + "@" + owned.start().toEpochMilli();
        WindowSpend kept = spend.get(key);
        if (kept == null || kept.revision() <= owned.revision()) {
            spend.put(key, owned.spend());
        }

        pending.put(owned.end().toEpochMilli(), true);
        if (evaluationAt.value() == null) {
            long at = ctx.currentProcessingTime() + evaluationDelay.toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            evaluationAt.update(at);
        }
    }

    /** As in {@link ServiceAlertFunction}: each pending window end in order, never backwards. */
    private void evaluatePending(OnTimerContext ctx, Collector<BudgetAlert> out) throws Exception {
        List<Long> ends = new ArrayList<>();
        for (Long end : pending.keys()) {
            ends.add(end);
        }
        java.util.Collections.sort(ends);
        pending.clear();
        evaluationAt.clear();
        List<ServiceConfig> configs = new ArrayList<>();
        for (Map.Entry<String, ServiceConfig> e :
                ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).immutableEntries()) {
            configs.add(e.getValue());
        }
        Optional<Budget> budget = OwnerBudget.of(ctx.getCurrentKey(), configs);
        if (budget.isEmpty() || ends.isEmpty()) {
            return;
        }
        SpendLedger ledger = new SpendLedger();
        for (WindowSpend s : spend.values()) {
            ledger.record(s);
        }
        Instant emittedAt = Instant.ofEpochMilli(ctx.currentProcessingTime());
        long evaluated = evaluatedUpTo.value() == null ? Long.MIN_VALUE : evaluatedUpTo.value();
        for (long end : ends) {
            evaluated = Math.max(end, evaluated);
            Instant lastInstant = Instant.ofEpochMilli(evaluated).minusMillis(1);
            FiredAlertLedger firedLedger = new FiredAlertLedger();
            for (Map.Entry<String, String> e : fired.entries()) {
                firedLedger.markFired(e.getKey(), YearMonth.parse(e.getValue()));
            }
            List<BudgetAlertEvent> events =
                    new ArrayList<>(
                            budgets.evaluateAfterWindow(
                                    budget.get(),
                                    ledger,
                                    firedLedger,
                                    Instant.ofEpochMilli(end),
                                    lastInstant));
            SpendBurnRate.Outcome burn =
                    spendBurnRate.evaluate(budget.get(), ledger, episode.value(), lastInstant);
            episode.update(burn.state());
            burn.alert().filter(a -> !firedLedger.hasFired(a.alertId())).ifPresent(events::add);
            for (BudgetAlertEvent e : events) {
                fired.put(e.alertId(), e.period().toString());
                out.collect(BudgetAlertMapper.toAvro(e, emittedAt));
            }
        }
        evaluatedUpTo.update(evaluated);
        evict(Instant.ofEpochMilli(evaluated).minusMillis(1));
    }

    private void evict(Instant at) throws Exception {
        long cutoff = at.minus(retention).toEpochMilli();
        List<String> old = new ArrayList<>();
        for (Map.Entry<String, WindowSpend> e : spend.entries()) {
            if (e.getValue().end().toEpochMilli() <= cutoff) {
                old.add(e.getKey());
            }
        }
        for (String key : old) {
            spend.remove(key);
        }
        String oldestKept = YearMonth.from(at.atZone(ZoneId.of("UTC"))).minusMonths(1).toString();
        List<String> oldFired = new ArrayList<>();
        for (Map.Entry<String, String> e : fired.entries()) {
            if (e.getValue().compareTo(oldestKept) < 0) {
                oldFired.add(e.getKey());
            }
        }
        for (String id : oldFired) {
            fired.remove(id);
        }
    }

    private void scheduleCleanup(ReadOnlyContext ctx, long newestEnd) throws Exception {
        long next = newestEnd + retention.toMillis();
        Long current = cleanupAt.value();
        if (current != null && current == next) {
            return;
        }
        if (current != null) {
            ctx.timerService().deleteEventTimeTimer(current);
        }
        ctx.timerService().registerEventTimeTimer(next);
        cleanupAt.update(next);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BudgetAlert> out)
            throws Exception {
        if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.PROCESSING_TIME) {
            evaluatePending(ctx, out);
            return;
        }
        if (evaluationAt.value() != null) {
            ctx.timerService().deleteProcessingTimeTimer(evaluationAt.value());
        }
        pending.clear();
        evaluationAt.clear();
        evaluatedUpTo.clear();
        spend.clear();
        fired.clear();
        episode.clear();
        latestEnd.clear();
        cleanupAt.clear();
    }
}
