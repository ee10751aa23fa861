package io.costflow.pipeline.alert;

import io.costflow.model.alerting.BurnRateSettings;
import io.costflow.model.alerting.FiringEpisode;
import io.costflow.model.alerting.anomaly.AnomalySettings;
import io.costflow.model.alerting.anomaly.CostAnomalyDetector;
import io.costflow.model.alerting.anomaly.SeasonalBaseline;
import io.costflow.model.alerting.budget.Budget;
import io.costflow.model.alerting.budget.BudgetAlertEvent;
import io.costflow.model.alerting.budget.BudgetAlertMapper;
import io.costflow.model.alerting.budget.BudgetEvaluator;
import io.costflow.model.alerting.budget.FiredAlertLedger;
import io.costflow.model.alerting.budget.LateBilling;
import io.costflow.model.alerting.budget.SpendBurnRate;
import io.costflow.model.alerting.budget.SpendLedger;
import io.costflow.model.alerting.budget.WindowSpend;
import io.costflow.model.alerting.slo.SlaAlertMapper;
import io.costflow.model.alerting.slo.SloAlertEvaluator;
import io.costflow.model.alerting.slo.SloLedger;
import io.costflow.model.alerting.slo.SloObjective;
import io.costflow.model.alerting.slo.SloSample;
import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.SlaAlert;
import io.costflow.schemas.SloKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A service's alerts, driven by the cost window revisions as they arrive (not by the watermark,
 * which billing's clock holds hours back). A window's cost anomaly is checked at once; the SLO
 * burn-rate rules ({@link #SLA_ALERTS}), budget thresholds and spend burn rate are evaluated {@link
 * AlertSettings#evaluationDelay()} later at each new window end in window order, so windows that
 * arrive together — from several merge subtasks, or replayed after a recovery — raise the same
 * transitions with the same alertIds. Each window's spend also leaves through {@link #OWNED_SPEND}
 * for its owner's budget. Windows of a service without a config only feed its availability and
 * spend history.
 *
 * <p>State per service: SLO samples and window spend keyed by window start (a later revision
 * replaces the earlier one), the alerts fired this and last period, the firing episodes, the window
 * ends awaiting evaluation and the newest window end, and the owner each window's spend went to.
 * Entries older than the rules read are evicted on every evaluation; a service silent for {@link
 * AlertSettings#retention()} loses all of it on an event-time timer.
 *
 * <p>A firing episode does not wait for a window to end it. A service's silence ends its episodes
 * at the newest window end plus the longest short window of the rules ({@link
 * BurnRateSettings#longestShortWindow()}): no short window sees a sample then, so no rule holds, as
 * after as many clean windows. That instant is evaluated when the watermark passes it, or, if the
 * next window comes first (a replay, or a watermark held back by billing), before that window, so
 * live runs and replays raise the same transitions. The end of a bounded input is not silence and
 * resolves nothing; a clean-up that finds an episode still firing resolves it first.
 */
public final class ServiceAlertFunction
        extends KeyedBroadcastProcessFunction<
                String, Either<ServiceCostWindow, LateBilling>, ServiceConfig, BudgetAlert> {

    private static final long serialVersionUID = 1L;

    /** The input: a cost window revision, or billing that came too late for its window. */
    public static final TypeInformation<Either<ServiceCostWindow, LateBilling>> INPUT =
            new EitherTypeInfo<>(
                    new AvroTypeInfo<>(ServiceCostWindow.class),
                    TypeInformation.of(LateBilling.class));

    /** The key of an input: its service. */
    public static String serviceId(Either<ServiceCostWindow, LateBilling> in) {
        return in.isLeft() ? in.left().getServiceId() : in.right().serviceId();
    }

    /** SLO burn-rate transitions. */
    public static final OutputTag<SlaAlert> SLA_ALERTS =
            new OutputTag<>("sla-alerts", new AvroTypeInfo<>(SlaAlert.class));

    /**
     * Every window's spend with the owner it was first counted under (the service's owner then),
     * for the owners' budgets.
     */
    public static final OutputTag<OwnedSpend> OWNED_SPEND =
            new OutputTag<>("owned-spend", TypeInformation.of(OwnedSpend.class));

    private static final String SPEND_EPISODE = "SPEND";

    /** Availability samples by window start. */
    static final MapStateDescriptor<Long, SloSample> AVAILABILITY =
            new MapStateDescriptor<>(
                    "availability", Types.LONG, TypeInformation.of(SloSample.class));

    /** Latency samples by window start. */
    static final MapStateDescriptor<Long, SloSample> LATENCY =
            new MapStateDescriptor<>("latency", Types.LONG, TypeInformation.of(SloSample.class));

    /** Window spend by window start. */
    static final MapStateDescriptor<Long, WindowSpend> SPEND =
            new MapStateDescriptor<>("spend", Types.LONG, TypeInformation.of(WindowSpend.class));

    /** Billing that came after its window's allowed lateness, summed by window start. */
    static final MapStateDescriptor<Long, LateBilling> LATE_BILLING =
            new MapStateDescriptor<>(
                    "late-billing", Types.LONG, TypeInformation.of(LateBilling.class));

    /** The owner each window's spend first went to, by window start. */
    static final MapStateDescriptor<Long, String> SPEND_OWNER =
            new MapStateDescriptor<>("spend-owner", Types.LONG, Types.STRING);

    private final AlertSettings settings;

    private transient BurnRateSettings burnRate;
    private transient SloAlertEvaluator slo;
    private transient BudgetEvaluator budgets;
    private transient SpendBurnRate spendBurnRate;
    private transient AnomalySettings anomalySettings;
    private transient CostAnomalyDetector anomalies;
    private transient Duration retention;

    private transient MapState<Long, SloSample> availability;
    private transient MapState<Long, SloSample> latency;
    private transient MapState<Long, WindowSpend> spend;
    private transient MapState<Long, LateBilling> lateBilling;
    private transient MapState<Long, String> spendOwner;
    private transient MapState<String, String> fired;
    private transient MapState<String, FiringEpisode> episodes;
    private transient ValueState<Long> latestEnd;
    private transient ValueState<Long> cleanupAt;
    private transient MapState<Long, Boolean> pending;
    private transient ValueState<Long> evaluationAt;
    private transient ValueState<Long> evaluatedUpTo;
    private transient ValueState<Long> silenceCheckAt;
    private transient Duration evaluationDelay;
    private transient Duration quiet;

    public ServiceAlertFunction(AlertSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        burnRate = settings.burnRate();
        slo = new SloAlertEvaluator(burnRate);
        budgets = new BudgetEvaluator(settings.budget());
        spendBurnRate = new SpendBurnRate(burnRate.rules());
        anomalySettings = settings.anomaly();
        anomalies = new CostAnomalyDetector(anomalySettings);
        retention = settings.retention();
        evaluationDelay = settings.evaluationDelay();
        quiet = burnRate.longestShortWindow();
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("pending", Types.LONG, Types.BOOLEAN));
        evaluationAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("evaluation-at", Types.LONG));
        evaluatedUpTo =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("evaluated-up-to", Types.LONG));
        availability = getRuntimeContext().getMapState(AVAILABILITY);
        latency = getRuntimeContext().getMapState(LATENCY);
        spend = getRuntimeContext().getMapState(SPEND);
        lateBilling = getRuntimeContext().getMapState(LATE_BILLING);
        spendOwner = getRuntimeContext().getMapState(SPEND_OWNER);
        fired =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("fired", Types.STRING, Types.STRING));
        episodes =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "episodes",
                                        Types.STRING,
                                        TypeInformation.of(FiringEpisode.class)));
        latestEnd =
                getRuntimeContext().getState(new ValueStateDescriptor<>("latest-end", Types.LONG));
        cleanupAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
        silenceCheckAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("silence-check-at", Types.LONG));
    }

    @Override
    public void processBroadcastElement(
            ServiceConfig config, Context ctx, Collector<BudgetAlert> out) throws Exception {
        BroadcastState<String, ServiceConfig> configs =
                ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE);
        ServiceConfig held = configs.get(config.getServiceId());
        if (held == null || held.getVersion() <= config.getVersion()) {
            configs.put(config.getServiceId(), config);
            if (held != null
                    && !held.getOwner().isEmpty()
                    && !held.getOwner().equals(config.getOwner())) {
                keepWithPreviousOwner(config.getServiceId(), held.getOwner(), ctx);
            }
        }
    }

    /**
     * Records {@code previous} as the owner of every kept window of the service whose owner is not
     * recorded yet (state restored from before owners were recorded), so that their later revisions
     * do not go to the new owner too. Owners change rarely; this visits every service's spend.
     */
    private void keepWithPreviousOwner(String serviceId, String previous, Context ctx)
            throws Exception {
        ctx.applyToKeyedState(
                SPEND,
                (key, windows) -> {
                    if (key.equals(serviceId)) {
                        for (Long start : windows.keys()) {
                            if (!spendOwner.contains(start)) {
                                spendOwner.put(start, previous);
                            }
                        }
                    }
                });
    }

    @Override
    public void processElement(
            Either<ServiceCostWindow, LateBilling> in,
            ReadOnlyContext ctx,
            Collector<BudgetAlert> out)
            throws Exception {
        if (in.isLeft()) {
            processWindow(in.left(), ctx, out);
        } else {
            processLateBilling(in.right(), ctx);
        }
    }

    private void processWindow(
            ServiceCostWindow window, ReadOnlyContext ctx, Collector<BudgetAlert> out)
            throws Exception {
        ServiceConfig config =
                ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).get(window.getServiceId());
        long end = window.getWindowEnd().toEpochMilli();
        long newest = Math.max(latestEnd.value() == null ? Long.MIN_VALUE : latestEnd.value(), end);
        latestEnd.update(newest);
        scheduleCleanup(ctx, newest);

        WindowSpend windowSpend = WindowSpend.of(window);
        long start = window.getWindowStart().toEpochMilli();
        WindowSpend keptSpend = spend.get(start);
        if (keptSpend == null || keptSpend.revision() <= windowSpend.revision()) {
            spend.put(start, windowSpend);
        }
        record(availability, SloSample.availability(window));
        if (config == null) {
            return;
        }
        sendToOwner(start, config, ctx);
        record(latency, SloSample.latency(window, config.getLatencyThresholdMs()));
        FiredAlertLedger firedLedger = firedLedger();
        Optional<BudgetAlertEvent> anomaly =
                anomalies.evaluate(
                        windowSpend,
                        baseline(windowSpend.start()),
                        firedLedger,
                        config.getBudgetCurrency(),
                        config.getMonthlyBudget(),
                        ZoneId.of(config.getBudgetTimeZone()));
        if (anomaly.isPresent()) {
            fired.put(anomaly.get().alertId(), anomaly.get().period().toString());
            out.collect(
                    BudgetAlertMapper.toAvro(
                            anomaly.get(), Instant.ofEpochMilli(ctx.currentProcessingTime())));
        }
        // The burn-rate rules are evaluated at each window end in order, a moment later: windows
        // of one service come from several merge subtasks, and after a recovery several at once.
        evaluateAfter(end, ctx);
    }

    /**
     * Adds billing that came after its window's allowed lateness to that window's spend, for the
     * service's and its owner's budgets, and evaluates them as after a revision of the window: its
     * month's thresholds too if that month has ended. Nothing else reads it: the window's cost
     * anomaly and SLO samples were settled within the lateness.
     */
    private void processLateBilling(LateBilling late, ReadOnlyContext ctx) throws Exception {
        long start = late.start().toEpochMilli();
        long end = late.end().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        long evaluated = evaluatedUpTo.value() == null ? Long.MIN_VALUE : evaluatedUpTo.value();
        long reference =
                Math.max(evaluated, watermark == Long.MAX_VALUE ? Long.MIN_VALUE : watermark);
        if (reference != Long.MIN_VALUE && end <= reference - retention.toMillis()) {
            return; // older than any spend the rules still read: its month was settled long ago
        }
        LateBilling kept = lateBilling.get(start);
        lateBilling.put(start, kept == null ? late : kept.plus(late));
        if (latestEnd.value() == null) {
            // Nothing but late billing is kept: a clean-up for it, never earlier than one set for
            // newer late billing, and evaluations from now on, not at this old window's end.
            Long cleanup = cleanupAt.value();
            scheduleCleanup(
                    ctx, cleanup == null ? end : Math.max(end, cleanup - retention.toMillis()));
            if (reference > end && reference > evaluated) {
                evaluatedUpTo.update(reference);
            }
        }
        ServiceConfig config =
                ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).get(late.serviceId());
        if (config == null) {
            return;
        }
        sendToOwner(start, config, ctx);
        evaluateAfter(end, ctx);
    }

    /**
     * Sends the spend of the window at {@code start} to its owner's budget. A window's spend stays
     * with the owner it first went to: a later revision of it (billed, corrected, billed too late)
     * replaces it there even if the service has changed owner since, instead of adding it to a
     * second owner's month.
     */
    private void sendToOwner(long start, ServiceConfig config, ReadOnlyContext ctx)
            throws Exception {
        String owner = spendOwner.get(start);
        if (owner == null && !config.getOwner().isEmpty()) {
            owner = config.getOwner();
            spendOwner.put(start, owner);
        }
        if (owner != null) {
            ctx.output(OWNED_SPEND, OwnedSpend.of(owner, spendOf(start)));
        }
    }

    /** Evaluates the rules at {@code end}, an evaluation delay from now. */
    private void evaluateAfter(long end, ReadOnlyContext ctx) throws Exception {
        pending.put(end, true);
        if (evaluationAt.value() == null) {
            long at = ctx.currentProcessingTime() + evaluationDelay.toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            evaluationAt.update(at);
        }
    }

    /** The spend of the window at {@code start}: its latest revision with any late billing. */
    private WindowSpend spendOf(long start) throws Exception {
        WindowSpend window = spend.get(start);
        LateBilling late = lateBilling.get(start);
        if (late == null) {
            return window;
        }
        return window == null ? WindowSpend.of(late) : window.withLateBilling(late);
    }

    /** Evaluates the rules at each pending window end, oldest first, never going back in time. */
    private void evaluatePending(OnTimerContext ctx, Collector<BudgetAlert> out) throws Exception {
        List<Long> ends = new ArrayList<>();
        for (Long end : pending.keys()) {
            ends.add(end);
        }
        java.util.Collections.sort(ends);
        pending.clear();
        evaluationAt.clear();
        ServiceConfig config =
                ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).get(ctx.getCurrentKey());
        if (config == null || ends.isEmpty()) {
            return;
        }
        Instant emittedAt = Instant.ofEpochMilli(ctx.currentProcessingTime());
        long evaluated = evaluatedUpTo.value() == null ? Long.MIN_VALUE : evaluatedUpTo.value();
        for (long end : ends) {
            if (evaluated != Long.MIN_VALUE
                    && end - evaluated >= quiet.toMillis()
                    && !episodes.isEmpty()) {
                // The service was silent before this window for as long as every short window.
                evaluated += quiet.toMillis();
                resolveSilence(config, Instant.ofEpochMilli(evaluated), emittedAt, ctx, out);
            }
            // SLO windows end at a window end; budgets count the month of the window's last
            // instant, so the last window of a month still counts in that month.
            Instant at = Instant.ofEpochMilli(Math.max(end, evaluated));
            evaluated = at.toEpochMilli();
            for (SloObjective objective : SloObjective.of(config)) {
                evaluateSlo(ctx.getCurrentKey(), objective, at, emittedAt, ctx);
            }
            Optional<Budget> budget = Budget.forService(config);
            if (budget.isPresent()) {
                FiredAlertLedger firedLedger = firedLedger();
                SpendLedger ledger = spendLedger();
                Instant lastInstant = at.minusMillis(1);
                List<BudgetAlertEvent> events =
                        new ArrayList<>(
                                budgets.evaluateAfterWindow(
                                        budget.get(),
                                        ledger,
                                        firedLedger,
                                        Instant.ofEpochMilli(end),
                                        lastInstant));
                evaluateSpendBurnRate(budget.get(), ledger, firedLedger, lastInstant, events);
                for (BudgetAlertEvent e : events) {
                    fired.put(e.alertId(), e.period().toString());
                    out.collect(BudgetAlertMapper.toAvro(e, emittedAt));
                }
            }
        }
        evaluatedUpTo.update(evaluated);
        evict(Instant.ofEpochMilli(evaluated));
        scheduleSilenceCheck(ctx);
    }

    /** While an episode fires, a check for silence after the newest window; otherwise none. */
    private void scheduleSilenceCheck(OnTimerContext ctx) throws Exception {
        Long current = silenceCheckAt.value();
        Long newest = latestEnd.value();
        Long next = episodes.isEmpty() || newest == null ? null : newest + quiet.toMillis();
        if (Objects.equals(current, next)) {
            return;
        }
        if (current != null) {
            ctx.timerService().deleteEventTimeTimer(current);
        }
        if (next == null) {
            silenceCheckAt.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(next);
            silenceCheckAt.update(next);
        }
    }

    /** At the check's time, resolves the episodes of a service that has sent nothing since. */
    private void checkSilence(long timestamp, OnTimerContext ctx, Collector<BudgetAlert> out)
            throws Exception {
        Long newest = latestEnd.value();
        boolean silent =
                newest != null && newest + quiet.toMillis() <= timestamp && pending.isEmpty();
        ServiceConfig config =
                ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).get(ctx.getCurrentKey());
        if (!silent || config == null || ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return;
        }
        long evaluated = evaluatedUpTo.value() == null ? Long.MIN_VALUE : evaluatedUpTo.value();
        Instant at = Instant.ofEpochMilli(Math.max(timestamp, evaluated));
        resolveSilence(config, at, Instant.ofEpochMilli(ctx.currentProcessingTime()), ctx, out);
        evaluatedUpTo.update(at.toEpochMilli());
    }

    /**
     * Evaluates the firing episodes at {@code at}, at least the longest short window after the
     * service's newest sample: no short window sees one, so each episode resolves.
     */
    private void resolveSilence(
            ServiceConfig config,
            Instant at,
            Instant emittedAt,
            OnTimerContext ctx,
            Collector<BudgetAlert> out)
            throws Exception {
        for (SloObjective objective : SloObjective.of(config)) {
            if (episodes.contains(objective.kind().name())) {
                evaluateSlo(ctx.getCurrentKey(), objective, at, emittedAt, ctx);
            }
        }
        Optional<Budget> budget = Budget.forService(config);
        if (budget.isPresent() && episodes.contains(SPEND_EPISODE)) {
            // At the instant itself, not its last millisecond as at a window end: a short window
            // ending a millisecond early would still see the newest window.
            List<BudgetAlertEvent> events = new ArrayList<>();
            evaluateSpendBurnRate(budget.get(), spendLedger(), firedLedger(), at, events);
            for (BudgetAlertEvent e : events) {
                fired.put(e.alertId(), e.period().toString());
                out.collect(BudgetAlertMapper.toAvro(e, emittedAt));
            }
        }
    }

    private void evaluateSlo(
            String serviceId,
            SloObjective objective,
            Instant at,
            Instant emittedAt,
            OnTimerContext ctx)
            throws Exception {
        SloLedger ledger = slo.newLedger();
        MapState<Long, SloSample> samples =
                objective.kind() == SloKind.AVAILABILITY ? availability : latency;
        for (SloSample s : samples.values()) {
            ledger.record(s);
        }
        String episodeKey = objective.kind().name();
        SloAlertEvaluator.Outcome outcome =
                slo.evaluate(
                        serviceId,
                        objective.kind(),
                        objective.target(),
                        ledger,
                        episodes.get(episodeKey),
                        at);
        updateEpisode(episodeKey, outcome.state());
        outcome.alert().ifPresent(a -> ctx.output(SLA_ALERTS, SlaAlertMapper.toAvro(a, emittedAt)));
    }

    private void evaluateSpendBurnRate(
            Budget budget,
            SpendLedger ledger,
            FiredAlertLedger firedLedger,
            Instant at,
            List<BudgetAlertEvent> events)
            throws Exception {
        SpendBurnRate.Outcome outcome =
                spendBurnRate.evaluate(budget, ledger, episodes.get(SPEND_EPISODE), at);
        updateEpisode(SPEND_EPISODE, outcome.state());
        outcome.alert().filter(a -> !firedLedger.hasFired(a.alertId())).ifPresent(events::add);
    }

    private void updateEpisode(String key, FiringEpisode state) throws Exception {
        if (state == null) {
            episodes.remove(key);
        } else {
            episodes.put(key, state);
        }
    }

    private static void record(MapState<Long, SloSample> samples, SloSample sample)
            throws Exception {
        long start = sample.start().toEpochMilli();
        SloSample kept = samples.get(start);
        if (kept == null || kept.revision() <= sample.revision()) {
            samples.put(start, sample);
        }
    }

    private SpendLedger spendLedger() throws Exception {
        // Late billing is rare: one pass over it, not a state lookup per window per evaluation.
        Map<Long, LateBilling> late = new java.util.HashMap<>();
        for (Map.Entry<Long, LateBilling> e : lateBilling.entries()) {
            late.put(e.getKey(), e.getValue());
        }
        SpendLedger ledger = new SpendLedger();
        for (Map.Entry<Long, WindowSpend> s : spend.entries()) {
            LateBilling billed = late.remove(s.getKey());
            ledger.record(billed == null ? s.getValue() : s.getValue().withLateBilling(billed));
        }
        late.values().forEach(billed -> ledger.record(WindowSpend.of(billed)));
        return ledger;
    }

    /** Only the windows exactly whole seasons before {@code start}: what the detector reads. */
    private SeasonalBaseline baseline(Instant start) throws Exception {
        SeasonalBaseline baseline = new SeasonalBaseline(anomalySettings);
        for (int i = anomalySettings.seasonsKept(); i >= 1; i--) {
            WindowSpend past =
                    spend.get(start.minus(anomalySettings.season().multipliedBy(i)).toEpochMilli());
            if (past != null) {
                baseline.record(past);
            }
        }
        return baseline;
    }

    private FiredAlertLedger firedLedger() throws Exception {
        FiredAlertLedger ledger = new FiredAlertLedger();
        for (Map.Entry<String, String> e : fired.entries()) {
            ledger.markFired(e.getKey(), java.time.YearMonth.parse(e.getValue()));
        }
        return ledger;
    }

    /** Drops samples, spend and fired alerts no rule reads any more. */
    private void evict(Instant at) throws Exception {
        long sloCutoff = at.minus(burnRate.lookback()).toEpochMilli();
        removeEndingBefore(availability, sloCutoff);
        removeEndingBefore(latency, sloCutoff);
        long spendCutoff = at.minus(retention).toEpochMilli();
        List<Long> oldSpend = new ArrayList<>();
        for (Map.Entry<Long, WindowSpend> e : spend.entries()) {
            if (e.getValue().end().toEpochMilli() <= spendCutoff) {
                oldSpend.add(e.getKey());
            }
        }
        for (Map.Entry<Long, LateBilling> e : lateBilling.entries()) {
            if (e.getValue().end().toEpochMilli() <= spendCutoff) {
                oldSpend.add(e.getKey());
            }
        }
        for (Long key : oldSpend) {
            spend.remove(key);
            lateBilling.remove(key);
            spendOwner.remove(key);
        }
        // Periods compare as text (yyyy-MM); an alert two months old can never repeat.
        String oldestKept =
                java.time.YearMonth.from(at.atZone(ZoneId.of("UTC"))).minusMonths(1).toString();
        List<String> oldFired = new ArrayList<>();
        for (Map.Entry<String, String> e : fired.entries()) {
            if (e.getValue().compareTo(oldestKept) < 0) {
                oldFired.add(e.getKey());
            }
        }
        for (String key : oldFired) {
            fired.remove(key);
        }
    }

    private static void removeEndingBefore(MapState<Long, SloSample> samples, long cutoff)
            throws Exception {
        List<Long> old = new ArrayList<>();
        for (Map.Entry<Long, SloSample> e : samples.entries()) {
            if (e.getValue().end().toEpochMilli() <= cutoff) {
                old.add(e.getKey());
            }
        }
        for (Long key : old) {
            samples.remove(key);
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
        Long silenceCheck = silenceCheckAt.value();
        if (silenceCheck != null && silenceCheck == timestamp) {
            silenceCheckAt.clear();
            checkSilence(timestamp, ctx, out);
        }
        Long cleanup = cleanupAt.value();
        if (cleanup == null || cleanup != timestamp) {
            return;
        }
        ServiceConfig config =
                ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).get(ctx.getCurrentKey());
        if (!episodes.isEmpty()
                && config != null
                && ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
            // E.g. an episode that was firing when a savepoint without silence checks was taken.
            resolveSilence(
                    config,
                    Instant.ofEpochMilli(timestamp),
                    Instant.ofEpochMilli(ctx.currentProcessingTime()),
                    ctx,
                    out);
        }
        if (evaluationAt.value() != null) {
            ctx.timerService().deleteProcessingTimeTimer(evaluationAt.value());
        }
        pending.clear();
        evaluationAt.clear();
        evaluatedUpTo.clear();
        availability.clear();
        latency.clear();
        spend.clear();
        lateBilling.clear();
        spendOwner.clear();
        fired.clear();
        episodes.clear();
        latestEnd.clear();
        cleanupAt.clear();
        silenceCheckAt.clear();
    }
}
