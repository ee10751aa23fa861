package io.costflow.pipeline.recommend;

import io.costflow.model.advice.AdvisorOutcome;
import io.costflow.model.advice.CostRecommendation;
import io.costflow.model.advice.RecommendationRecords;
import io.costflow.model.advice.RejectedCandidate;
import io.costflow.model.advice.ServiceAdvisor;
import io.costflow.model.catalog.InstanceType;
import io.costflow.model.catalog.PriceCatalog;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.model.slo.SloModel;
import io.costflow.model.slo.SloPolicy;
import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.pipeline.usage.PriceSample;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.RecommendationKind;
import io.costflow.schemas.RecommendationState;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per service: keeps a lookback of its cost windows, and after new windows (at most once per
 * watermark advance, however many revisions arrive) or a config change runs the {@link
 * ServiceAdvisor} over them. Emits a recommendation only when it is new, changed materially or
 * withdrawn; rejected candidates leave through {@link #REJECTIONS} when their verdict changes.
 *
 * <p>State per service: the compact windows by start (a later revision replaces an earlier one),
 * the last emitted recommendation and the last rejection per kind, and the time of the pending
 * evaluation. Each window is evicted by an event-time timer when it leaves the lookback; when the
 * last one goes, the service's open recommendations are withdrawn and its state is cleared, except
 * the withdrawn recommendations: they are kept for {@link
 * RecommendationSettings#withdrawnRetention()}, so a service that comes back within it reopens them
 * above the withdrawal's revision even on a task manager whose clock is behind, and a restore emits
 * the withdrawals again.
 *
 * <p>Revisions are emission times ({@link RecommendationChanges#nextRevision}), so a later emission
 * has a higher revision also across a restore and after the state was dropped, and consumers that
 * keep the highest revision per recommendationId are right. After a restore each service's
 * recommendations are emitted once more at a new revision, and the open ones of an earlier run it
 * does not hold are retracted ({@link #settleOncePerRun}).
 *
 * <p>Only windows starting at or after the service's last change of instance type or replicas count
 * ({@link #DEPLOYED_AT}, {@link ServiceProfile#measuredSince}): utilisation measured on the
 * deployment before would make a service just scaled in look idler than it is, and propose to scale
 * it in again. The config's {@code deployedAt} says when that was (the API sets it), so a job
 * started without state knows it too; a config without it counts from its {@code updatedAt} when it
 * changes the deployment. Until a window on the new deployment arrives the service's open
 * recommendations are withdrawn.
 *
 * <p>Model limits, as the cost model states them: the latency SLO is checked as p99 ≤ threshold (as
 * if the latency target were 0.99), and the baseline is today's deployment bought on demand.
 */
public final class RecommendationFunction
        extends KeyedBroadcastProcessFunction<
                String, ServiceCostWindow, ServiceConfig, Recommendation>
        implements CheckpointedFunction {

    /** Candidates the SLO model turned down, whenever their verdict changes. */
    /**
     * Recommendations an earlier run may have left open that this run does not hold; see {@link
     * RecommendationRetraction}.
     */
    public static final OutputTag<RecommendationRetraction> RETRACTIONS =
            new OutputTag<>(
                    "recommendation-retractions",
                    TypeInformation.of(RecommendationRetraction.class));

    public static final OutputTag<RecommendationRejection> REJECTIONS =
            new OutputTag<>(
                    "recommendation-rejections", TypeInformation.of(RecommendationRejection.class));

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationFunction.class);

    /**
     * Broadcast state beside the configs: when each service's instance type or replicas last
     * changed (its config's {@code updatedAt}), for services that changed while this job ran.
     * Broadcast, not keyed, so that it is known on every subtask before the service's first window.
     */
    public static final MapStateDescriptor<String, Long> DEPLOYED_AT =
            new MapStateDescriptor<>("deployed-at", Types.STRING, Types.LONG);

    private static final MapStateDescriptor<Long, ServiceCostWindow> WINDOWS =
            new MapStateDescriptor<>(
                    "lookback-windows", Types.LONG, new AvroTypeInfo<>(ServiceCostWindow.class));

    private final RecommendationSettings settings;

    private transient MapState<Long, ServiceCostWindow> windows;
    private transient MapState<String, Recommendation> emitted;
    private transient MapState<String, RecommendationRejection> rejected;
    private transient ValueState<Long> pendingEvaluation;
    private transient ValueState<Long> forgetWithdrawnAt;
    private transient ValueState<Long> settledInRun;

    /** This run of the job (a start or a restore), by a random id. */
    private transient long run;

    /**
     * The latest processing time this subtask has used ({@link #now}); set in {@link
     * #initializeState}, since a transient field's initialiser does not run when Flink deserialises
     * the function.
     */
    private transient long latestNow;

    private transient PriceCatalog catalog;
    private transient ServiceAdvisor advisor;

    public RecommendationFunction(RecommendationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(WINDOWS);
        emitted =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "emitted-recommendations",
                                        Types.STRING,
                                        new AvroTypeInfo<>(Recommendation.class)));
        rejected =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "recorded-rejections",
                                        Types.STRING,
                                        TypeInformation.of(RecommendationRejection.class)));
        pendingEvaluation =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("pending-evaluation", Types.LONG));
        forgetWithdrawnAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("forget-withdrawn-at", Types.LONG));
        settledInRun =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("settled-in-run", Types.LONG));
        catalog = PriceSample.loadCatalog(settings.catalogPath());
        advisor =
                ServiceAdvisor.withDefaults(
                        catalog, new Simulator(new SloModel(SloPolicy.DEFAULT)));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        run = ThreadLocalRandom.current().nextLong();
        latestNow = Long.MIN_VALUE;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // Keyed state only; nothing of the function's own.
    }

    @Override
    public void processElement(
            ServiceCostWindow window, ReadOnlyContext ctx, Collector<Recommendation> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long expiry = expiry(window);
        if (expiry <= watermark) {
            return; // a late revision of a window that has already left the lookback
        }
        long start = window.getWindowStart().toEpochMilli();
        ServiceCostWindow held = windows.get(start);
        if (held != null && held.getRevision() >= window.getRevision()) {
            return; // a replay or an older revision: nothing new to evaluate
        }
        windows.put(start, RecommendationChanges.compact(window));
        Long forget = forgetWithdrawnAt.value();
        if (forget != null) {
            // The service is back: its withdrawn recommendations stay until it leaves again.
            ctx.timerService().deleteEventTimeTimer(forget);
            forgetWithdrawnAt.clear();
        }
        ctx.timerService().registerEventTimeTimer(expiry);
        if (watermark == Long.MAX_VALUE) {
            // After the end of input no timer fires any more: evaluate at once.
            ServiceConfig config =
                    ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).get(ctx.getCurrentKey());
            if (config != null) {
                evaluate(
                        config,
                        ctx.getBroadcastState(DEPLOYED_AT).get(ctx.getCurrentKey()),
                        now(ctx.currentProcessingTime()),
                        out,
                        rejection -> ctx.output(REJECTIONS, rejection),
                        retraction -> ctx.output(RETRACTIONS, retraction));
            }
        } else if (pendingEvaluation.value() == null) {
            // One evaluation when the watermark next advances covers every window and revision
            // that arrives until then: a burst of late billing does not run the advisors per row.
            pendingEvaluation.update(watermark + 1);
            ctx.timerService().registerEventTimeTimer(watermark + 1);
        }
    }

    @Override
    public void processBroadcastElement(
            ServiceConfig config, Context ctx, Collector<Recommendation> out) throws Exception {
        String serviceId = config.getServiceId();
        ServiceConfig known = ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).get(serviceId);
        if (known != null && known.getVersion() > config.getVersion()) {
            return; // the compacted topic replayed an older version
        }
        ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).put(serviceId, config);
        Long deployedAt = ctx.getBroadcastState(DEPLOYED_AT).get(serviceId);
        if (config.getDeployedAt() != null) {
            // The API says when the deployment last changed, also to a job started without state
            // that never saw the config before. Only ever later: a config from an API that had
            // not yet seen a change this job saw must not take it back.
            long said = config.getDeployedAt().toEpochMilli();
            if (deployedAt == null || said > deployedAt) {
                ctx.getBroadcastState(DEPLOYED_AT).put(serviceId, said);
            }
        } else if (known != null && ServiceProfile.deploymentChanged(known, config)) {
            // A writer that does not set deployedAt: the windows so far were measured on the
            // deployment before.
            ctx.getBroadcastState(DEPLOYED_AT).put(serviceId, config.getUpdatedAt().toEpochMilli());
        }
        Long since = ctx.getBroadcastState(DEPLOYED_AT).get(serviceId);
        Instant now = now(ctx.currentProcessingTime());
        // Configs change rarely; visiting the keys to find this service re-evaluates it now
        // instead of at its next window.
        ctx.applyToKeyedState(
                WINDOWS,
                (key, state) -> {
                    if (key.equals(serviceId)) {
                        evaluate(
                                config,
                                since,
                                now,
                                out,
                                rejection -> ctx.output(REJECTIONS, rejection),
                                retraction -> ctx.output(RETRACTIONS, retraction));
                    }
                });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Recommendation> out)
            throws Exception {
        Instant now = now(ctx.currentProcessingTime());
        // At the end of input (a bounded run) nothing leaves the lookback: the run's final
        // recommendations stay open instead of being withdrawn because the data stopped.
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (!endOfInput && evictExpired(timestamp)) {
            Long forget = forgetWithdrawnAt.value();
            if (forget == null) {
                withdrawAll(
                        ctx.getCurrentKey(),
                        "no cost windows left in the lookback",
                        now,
                        out,
                        retraction -> ctx.output(RETRACTIONS, retraction));
                clear(ctx);
                if (!emitted.isEmpty()) {
                    long at = saturatedAdd(timestamp, settings.withdrawnRetention().toMillis());
                    ctx.timerService().registerEventTimeTimer(at);
                    forgetWithdrawnAt.update(at);
                }
            } else if (timestamp >= forget) {
                emitted.clear();
                forgetWithdrawnAt.clear();
                settledInRun.clear();
            }
            return;
        }
        Long pending = pendingEvaluation.value();
        if (pending != null && pending <= timestamp) {
            pendingEvaluation.clear();
            ServiceConfig config =
                    ctx.getBroadcastState(ServiceConfigs.BROADCAST_STATE).get(ctx.getCurrentKey());
            if (config != null) {
                evaluate(
                        config,
                        ctx.getBroadcastState(DEPLOYED_AT).get(ctx.getCurrentKey()),
                        now,
                        out,
                        rejection -> ctx.output(REJECTIONS, rejection),
                        retraction -> ctx.output(RETRACTIONS, retraction));
            }
        }
    }

    /** Removes the windows that left the lookback; true when none is left. */
    private boolean evictExpired(long watermark) throws Exception {
        List<Long> expired = new ArrayList<>();
        boolean any = false;
        for (Map.Entry<Long, ServiceCostWindow> e : windows.entries()) {
            if (expiry(e.getValue()) <= watermark) {
                expired.add(e.getKey());
            } else {
                any = true;
            }
        }
        for (Long start : expired) {
            windows.remove(start);
        }
        return !any;
    }

    /** Drops what a service without windows no longer needs; its emitted recommendations stay. */
    private void clear(OnTimerContext ctx) throws Exception {
        Long pending = pendingEvaluation.value();
        if (pending != null) {
            ctx.timerService().deleteEventTimeTimer(pending);
        }
        pendingEvaluation.clear();
        windows.clear();
        rejected.clear();
        if (emitted.isEmpty()) {
            settledInRun.clear();
        }
    }

    /**
     * @param deployedAtMillis when the service's deployment last changed, or null: only windows
     *     from then on are read
     */
    private void evaluate(
            ServiceConfig config,
            Long deployedAtMillis,
            Instant now,
            Collector<Recommendation> out,
            Consumer<RecommendationRejection> rejections,
            Consumer<RecommendationRetraction> retractions)
            throws Exception {
        Instant since = deployedAtMillis == null ? null : Instant.ofEpochMilli(deployedAtMillis);
        List<ServiceCostWindow> lookback =
                ServiceProfile.measuredSince(iterable(windows.values()), since);
        if (lookback.isEmpty()) {
            if (since != null) {
                withdrawAll(
                        config.getServiceId(),
                        "the deployment changed to "
                                + config.getReplicas()
                                + " × "
                                + config.getInstanceType()
                                + " at "
                                + since
                                + "; no cost window has been measured on it yet",
                        now,
                        out,
                        retractions);
            }
            return;
        }
        settleOncePerRun(config.getServiceId(), now, out, rejections, retractions);
        Optional<InstanceType> type = catalog.find(settings.region(), config.getInstanceType());
        if (type.isEmpty() || config.getReplicas() < 1) {
            LOG.warn(
                    "Not evaluating {}: instance type {} is not in the catalog for {} or it has"
                            + " {} replicas",
                    config.getServiceId(),
                    config.getInstanceType(),
                    settings.region(),
                    config.getReplicas());
            return;
        }
        ServiceProfile profile =
                ServiceProfile.from(config, type.get(), lookback, settings.lookback());
        AdvisorOutcome outcome = advisor.advise(profile);

        Map<String, RecommendationRejection> rejectedNow = new HashMap<>();
        for (RejectedCandidate candidate : outcome.rejections()) {
            RecommendationRejection rejection = RecommendationRejection.of(candidate, now);
            rejectedNow.put(rejection.kind(), rejection);
            if (!rejection.sameVerdictAs(rejected.get(rejection.kind()))) {
                rejected.put(rejection.kind(), rejection);
                rejections.accept(rejection);
            }
        }
        for (String kind : new ArrayList<>(iterable(rejected.keys()))) {
            if (!rejectedNow.containsKey(kind)) {
                rejected.remove(kind);
            }
        }

        Map<String, CostRecommendation> recommendedNow = new HashMap<>();
        for (CostRecommendation r : outcome.recommendations()) {
            recommendedNow.put(r.kind().name(), r);
        }
        for (CostRecommendation r : recommendedNow.values()) {
            Recommendation previous = emitted.get(r.kind().name());
            boolean wasOpen = previous != null && previous.getState() == RecommendationState.OPEN;
            Recommendation next =
                    RecommendationRecords.open(
                            r,
                            profile,
                            RecommendationChanges.nextRevision(previous, now),
                            wasOpen ? previous.getCreatedAt() : now,
                            now);
            if (RecommendationChanges.materiallyChanged(
                    previous, next, settings.materialChange())) {
                emitted.put(r.kind().name(), next);
                out.collect(next);
            }
        }
        for (Recommendation previous : new ArrayList<>(iterable(emitted.values()))) {
            String kind = previous.getKind().name();
            if (previous.getState() == RecommendationState.OPEN
                    && !recommendedNow.containsKey(kind)) {
                RecommendationRejection why = rejectedNow.get(kind);
                Recommendation withdrawal =
                        RecommendationChanges.withdrawn(
                                previous,
                                why == null
                                        ? "the latest evaluation no longer proposes it"
                                        : why.reason(),
                                now);
                emitted.put(kind, withdrawal);
                out.collect(withdrawal);
            }
        }
    }

    /** Withdraws every open recommendation, emitting each withdrawal and keeping it as emitted. */
    private void withdrawAll(
            String serviceId,
            String why,
            Instant now,
            Collector<Recommendation> out,
            Consumer<RecommendationRetraction> retractions)
            throws Exception {
        // The verdicts kept are about windows that are gone or of the deployment before: they are
        // not recorded again as if they were current.
        settleOncePerRun(serviceId, now, out, ignored -> {}, retractions);
        List<Recommendation> open = new ArrayList<>();
        for (Recommendation previous : emitted.values()) {
            if (previous.getState() == RecommendationState.OPEN) {
                open.add(previous);
            }
        }
        for (Recommendation previous : open) {
            Recommendation withdrawal = RecommendationChanges.withdrawn(previous, why, now);
            emitted.put(previous.getKind().name(), withdrawal);
            out.collect(withdrawal);
        }
    }

    /**
     * The first time a run (a start, or a restore from a checkpoint or savepoint) evaluates this
     * service, it settles what earlier runs may have left behind. It emits every recommendation and
     * rejection it keeps for the service once more, unchanged but for a new revision and update
     * time (the rejection's {@code rejectedAt}), and retracts the service's other recommendations
     * ({@link #RETRACTIONS}). A run that failed may have emitted revisions after the checkpoint
     * that this state does not know: content that the replay, which evaluates at other moments,
     * would not emit again because it does not differ materially from what the checkpoint holds, or
     * a recommendation the replay never proposes. Without this, PostgreSQL and the topic could keep
     * the failed run's last word, an open recommendation the job has since withdrawn, say.
     */
    private void settleOncePerRun(
            String serviceId,
            Instant now,
            Collector<Recommendation> out,
            Consumer<RecommendationRejection> rejections,
            Consumer<RecommendationRetraction> retractions)
            throws Exception {
        if (Long.valueOf(run).equals(settledInRun.value())) {
            return;
        }
        // Marked even with nothing kept: what this run emits later is its own word.
        settledInRun.update(run);
        for (Recommendation previous : iterable(emitted.values())) {
            // Updated now, so that it also replaces a later update of the failed run where rows
            // are ordered by time (the API's "most recently updated first").
            Recommendation again =
                    Recommendation.newBuilder(previous)
                            .setRevision(RecommendationChanges.nextRevision(previous, now))
                            .setUpdatedAt(now)
                            .build();
            emitted.put(previous.getKind().name(), again);
            out.collect(again);
        }
        for (RecommendationRejection verdict : iterable(rejected.values())) {
            // recommendation_rejection keeps the latest verdict by time.
            RecommendationRejection again = verdict.at(now);
            rejected.put(verdict.kind(), again);
            rejections.accept(again);
        }
        for (RecommendationKind kind : RecommendationKind.values()) {
            if (!emitted.contains(kind.name())) {
                retractions.accept(
                        new RecommendationRetraction(
                                RecommendationRecords.recommendationId(serviceId, kind),
                                serviceId,
                                now.toEpochMilli(),
                                now));
            }
        }
    }

    /**
     * The processing time as this function uses it: never earlier than a time it used before, so
     * that revisions rise and a retraction ({@link #settleOncePerRun}) stays below what the run
     * emits afterwards even if the clock is set back.
     */
    private Instant now(long processingTime) {
        latestNow = Math.max(latestNow, processingTime);
        return Instant.ofEpochMilli(latestNow);
    }

    private long expiry(ServiceCostWindow window) {
        return saturatedAdd(window.getWindowEnd().toEpochMilli(), settings.lookback().toMillis());
    }

    private static long saturatedAdd(long time, long duration) {
        return time > Long.MAX_VALUE - duration ? Long.MAX_VALUE : time + duration;
    }

    private static <T> List<T> iterable(Iterable<T> values) {
        List<T> list = new ArrayList<>();
        values.forEach(list::add);
        return list;
    }
}
