package io.costflow.pipeline.recommend;

import static io.costflow.pipeline.recommend.RecommendationFixtures.HOURS_IN_LOOKBACK;
import static io.costflow.pipeline.recommend.RecommendationFixtures.LOOKBACK;
import static io.costflow.pipeline.recommend.RecommendationFixtures.WITHDRAWN_RETENTION;
import static io.costflow.pipeline.recommend.RecommendationFixtures.config;
import static io.costflow.pipeline.recommend.RecommendationFixtures.endOfHour;
import static io.costflow.pipeline.recommend.RecommendationFixtures.hoursLater;
import static io.costflow.pipeline.recommend.RecommendationFixtures.idleHour;
import static io.costflow.pipeline.recommend.RecommendationFixtures.latencySensitiveHour;
import static io.costflow.pipeline.recommend.RecommendationFixtures.overProvisionedHour;
import static io.costflow.pipeline.recommend.RecommendationFixtures.settings;
import static io.costflow.pipeline.recommend.RecommendationFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.RecommendationKind;
import io.costflow.schemas.RecommendationState;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecommendationFunctionTest {

    private static final BigDecimal HOURS_PER_MONTH = new BigDecimal("730");
    private static final int LAST_HOUR = HOURS_IN_LOOKBACK - 1;

    /** A processing time for tests about revisions, which are emission times. */
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private KeyedBroadcastOperatorTestHarness<
                    String, ServiceCostWindow, ServiceConfig, Recommendation>
            harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = unopenedHarness();
        open(harness);
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, ServiceCostWindow, ServiceConfig, Recommendation>
            unopenedHarness() throws Exception {
        // Not ProcessFunctionTestHarnesses: its harness is initialised already, and a restore
        // must initialise it from a snapshot.
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        // Serialised and back, as Flink ships it: the initialisers of transient
                        // fields do not run.
                        InstantiationUtil.clone(new RecommendationFunction(settings())),
                        List.of(
                                ServiceConfigs.BROADCAST_STATE,
                                RecommendationFunction.DEPLOYED_AT)),
                ServiceCostWindow::getServiceId,
                Types.STRING,
                1,
                1,
                0);
    }

    /** A harness restored from {@code checkpoint} at processing time {@code now}, opened. */
    private static KeyedBroadcastOperatorTestHarness<
                    String, ServiceCostWindow, ServiceConfig, Recommendation>
            restored(OperatorSubtaskState checkpoint, long now) throws Exception {
        var restored = unopenedHarness();
        restored.setProcessingTime(now);
        restored.initializeState(checkpoint);
        open(restored);
        return restored;
    }

    private static void open(
            KeyedBroadcastOperatorTestHarness<
                            String, ServiceCostWindow, ServiceConfig, Recommendation>
                    harness)
            throws Exception {
        harness.open();
        // As ServiceConfigs.withoutEventTime does: the configs are idle, so the windows' clock
        // alone moves the watermark.
        harness.getOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void shouldRecommendDownsizingWithCatalogSavingsWhenServiceIsOverProvisioned()
            throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));

        Recommendation rightsize = latest(RecommendationKind.RIGHTSIZE);
        // 15 % of 8 vCPUs is 60 % of 2, and 12 % of 32 GiB fits 8 GiB: m6i.large; the 4 GiB
        // c-types are cheaper but too small for the memory.
        BigDecimal expected =
                type("m6i.2xlarge")
                        .onDemandHourly()
                        .subtract(type("m6i.large").onDemandHourly())
                        .multiply(BigDecimal.valueOf(4))
                        .multiply(HOURS_PER_MONTH);
        assertThat(rightsize.getRecommendationId()).isEqualTo("checkout/rightsize");
        assertThat(rightsize.getState()).isEqualTo(RecommendationState.OPEN);
        // Re-emitted only as the lookback filled up and the confidence grew.
        assertThat(ofKind(RecommendationKind.RIGHTSIZE))
                .extracting(Recommendation::getRevision)
                .hasSizeBetween(2, 12)
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(rightsize.getCurrentInstanceType()).isEqualTo("m6i.2xlarge");
        assertThat(rightsize.getProposedInstanceType()).isEqualTo("m6i.large");
        assertThat(rightsize.getProposedReplicas()).isNull();
        assertThat(rightsize.getMonthlySavingsList()).isEqualByComparingTo(expected);
        assertThat(rightsize.getMonthlySavingsEffective()).isEqualByComparingTo(expected);
        // Confidence is the lookback's coverage; it is re-emitted in steps of the threshold.
        assertThat(rightsize.getConfidence()).isGreaterThan(0.9);
        assertThat(rightsize.getPredictedP99LatencyMs()).isLessThanOrEqualTo(300);
        assertThat(rightsize.getExplanation()).contains("SLOs hold", "Assumptions:");
    }

    @Test
    void shouldRecordRejectionAndNotRecommendWhenDownsizingWouldBreachP99() throws Exception {
        harness.processBroadcastElement(config("search", "c6i.2xlarge", 4, 300), 0);
        feedDay(h -> latencySensitiveHour("search", h));

        assertThat(emitted())
                .extracting(Recommendation::getKind)
                .doesNotContain(RecommendationKind.RIGHTSIZE);
        RecommendationRejection rejection = rejection(RecommendationKind.RIGHTSIZE);
        assertThat(rejection.serviceId()).isEqualTo("search");
        assertThat(rejection.reason()).matches("predicted p99 \\d+ ms > SLO 300 ms");
        assertThat(rejection.predictedP99LatencyMs()).isGreaterThan(300);
        assertThat(type(rejection.proposedInstanceType()).vcpu()).isLessThan(8);
    }

    @Test
    void shouldRecommendRemovalWhenServiceIsIdle() throws Exception {
        harness.processBroadcastElement(config("reports", "m6i.xlarge", 2, 300), 0);
        feedDay(h -> idleHour("reports", h));

        assertThat(emitted())
                .extracting(Recommendation::getKind)
                .containsOnly(RecommendationKind.IDLE);
        Recommendation idle = latest(RecommendationKind.IDLE);
        assertThat(idle.getProposedReplicas()).isEqualTo(0);
        assertThat(idle.getMonthlySavingsList())
                .isEqualByComparingTo(
                        type("m6i.xlarge")
                                .onDemandHourly()
                                .multiply(BigDecimal.valueOf(2))
                                .multiply(HOURS_PER_MONTH));
    }

    @Test
    void shouldEmitNothingWhenInputsAreUnchanged() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        assertThat(emitted()).isNotEmpty();
        int rejectionsBefore =
                harness.getSideOutput(RecommendationFunction.REJECTIONS) == null
                        ? 0
                        : harness.getSideOutput(RecommendationFunction.REJECTIONS).size();
        harness.getOutput().clear();

        // A replayed window, the same config again and a new hour just like the others.
        harness.processElement(overProvisionedHour("checkout", LAST_HOUR), endOfHour(LAST_HOUR));
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        harness.processElement(
                overProvisionedHour("checkout", HOURS_IN_LOOKBACK), endOfHour(HOURS_IN_LOOKBACK));
        harness.processWatermark(endOfHour(HOURS_IN_LOOKBACK));

        assertThat(emitted()).isEmpty();
        assertThat(
                        harness.getSideOutput(RecommendationFunction.REJECTIONS) == null
                                ? 0
                                : harness.getSideOutput(RecommendationFunction.REJECTIONS).size())
                .isEqualTo(rejectionsBefore);
    }

    @Test
    void shouldRecommendWithoutNewWindowWhenConfigChangeLoosensSlo() throws Exception {
        harness.processBroadcastElement(config("search", "c6i.2xlarge", 4, 300), 0);
        feedDay(h -> latencySensitiveHour("search", h));
        assertThat(emitted())
                .extracting(Recommendation::getKind)
                .doesNotContain(RecommendationKind.RIGHTSIZE);
        harness.getOutput().clear();

        harness.processBroadcastElement(config("search", "c6i.2xlarge", 4, 2000, 2), 0);

        Recommendation rightsize = only(RecommendationKind.RIGHTSIZE);
        assertThat(rightsize.getState()).isEqualTo(RecommendationState.OPEN);
        assertThat(type(rightsize.getProposedInstanceType()).vcpu()).isLessThan(8);
        assertThat(rightsize.getMonthlySavingsList()).isPositive();
    }

    @Test
    void shouldWithdrawOpenRecommendationWhenItNoLongerHolds() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        Recommendation open = latest(RecommendationKind.RIGHTSIZE);
        harness.getOutput().clear();

        // Today's p99 is 50 ms: under a 40 ms SLO no change can be vouched for.
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 40, 2), 0);

        Recommendation withdrawn = only(RecommendationKind.RIGHTSIZE);
        assertThat(withdrawn.getRecommendationId()).isEqualTo(open.getRecommendationId());
        assertThat(withdrawn.getState()).isEqualTo(RecommendationState.WITHDRAWN);
        assertThat(withdrawn.getRevision()).isEqualTo(open.getRevision() + 1);
        assertThat(withdrawn.getExplanation()).startsWith("Withdrawn: predicted p99");
        assertThat(emitted())
                .allSatisfy(r -> assertThat(r.getState()).isEqualTo(RecommendationState.WITHDRAWN));
    }

    @Test
    void shouldCountOnlyWindowsMeasuredOnTheNewDeploymentWhenReplicasChange() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        assertThat(latest(RecommendationKind.RIGHTSIZE).getState())
                .isEqualTo(RecommendationState.OPEN);
        harness.getOutput().clear();

        // Scaled in to 2 replicas at the end of the day: its 15 % CPU was measured on 4.
        ServiceConfig scaledIn = config("checkout", "m6i.2xlarge", 2, 300, 2);
        scaledIn.setUpdatedAt(hoursLater(HOURS_IN_LOOKBACK));
        harness.processBroadcastElement(scaledIn, 0);

        assertThat(emitted())
                .isNotEmpty()
                .allSatisfy(
                        r -> {
                            assertThat(r.getState()).isEqualTo(RecommendationState.WITHDRAWN);
                            assertThat(r.getExplanation())
                                    .contains(
                                            "the deployment changed to 2 × m6i.2xlarge at "
                                                    + hoursLater(HOURS_IN_LOOKBACK));
                        });
        harness.getOutput().clear();

        // A late window of the old deployment changes nothing; the first one on 2 replicas is
        // all the next evaluation reads.
        harness.processElement(
                overProvisionedHour("checkout", LAST_HOUR), endOfHour(HOURS_IN_LOOKBACK) - 1);
        harness.processElement(
                overProvisionedHour("checkout", HOURS_IN_LOOKBACK),
                endOfHour(HOURS_IN_LOOKBACK) - 1);
        harness.processWatermark(endOfHour(HOURS_IN_LOOKBACK));

        assertThat(emitted())
                .isNotEmpty()
                .allSatisfy(
                        r -> {
                            assertThat(r.getCurrentReplicas()).isEqualTo(2);
                            assertThat(r.getConfidence())
                                    .as("one window of the lookback's 24")
                                    .isLessThan(0.1);
                        });
    }

    @Test
    void shouldIgnoreABacklogOfWindowsFromBeforeADeploymentChangeThatCameFirst() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        ServiceConfig scaledIn = config("checkout", "m6i.2xlarge", 2, 300, 2);
        scaledIn.setUpdatedAt(hoursLater(HOURS_IN_LOOKBACK));
        harness.processBroadcastElement(scaledIn, 0);

        // The service's first windows, all measured on 4 replicas, reach the job after the change.
        feedDay(h -> overProvisionedHour("checkout", h));
        assertThat(emitted()).isEmpty();

        harness.processElement(
                overProvisionedHour("checkout", HOURS_IN_LOOKBACK),
                endOfHour(HOURS_IN_LOOKBACK) - 1);
        harness.processWatermark(endOfHour(HOURS_IN_LOOKBACK));
        assertThat(emitted())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getConfidence()).isLessThan(0.1));
    }

    /**
     * A job started without state (no savepoint) reads the compacted config topic's latest config
     * only: the change itself it never sees, but the config says when it was.
     */
    @Test
    void shouldCountOnlyWindowsSinceTheConfigsDeployedAtWhenItIsTheFirstConfigSeen()
            throws Exception {
        ServiceConfig scaledIn = config("checkout", "m6i.2xlarge", 2, 300, 2);
        scaledIn.setUpdatedAt(hoursLater(HOURS_IN_LOOKBACK));
        scaledIn.setDeployedAt(hoursLater(HOURS_IN_LOOKBACK));
        harness.processBroadcastElement(scaledIn, 0);

        feedDay(h -> overProvisionedHour("checkout", h));
        assertThat(emitted()).as("every window so far was measured on 4 replicas").isEmpty();

        harness.processElement(
                overProvisionedHour("checkout", HOURS_IN_LOOKBACK),
                endOfHour(HOURS_IN_LOOKBACK) - 1);
        harness.processWatermark(endOfHour(HOURS_IN_LOOKBACK));
        assertThat(emitted())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getConfidence()).isLessThan(0.1));
    }

    @Test
    void shouldLeaveNoStateOrTimersWhenWithdrawnRecommendationsAreForgotten() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        List<RecommendationKind> open =
                emitted().stream().map(Recommendation::getKind).distinct().toList();
        assertThat(open).contains(RecommendationKind.RIGHTSIZE);
        assertThat(numKeyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isPositive();
        harness.getOutput().clear();
        long lastWindowLeaves = endOfHour(LAST_HOUR) + LOOKBACK.toMillis();

        harness.processWatermark(lastWindowLeaves);

        assertThat(emitted())
                .allSatisfy(r -> assertThat(r.getState()).isEqualTo(RecommendationState.WITHDRAWN))
                .extracting(Recommendation::getKind)
                .containsExactlyInAnyOrderElementsOf(open);
        // Only the withdrawn recommendations are left (one map), the time to forget them and its
        // timer, and which run settled the service.
        assertThat(numKeyedStateEntries()).isEqualTo(3);
        assertThat(harness.numEventTimeTimers()).isOne();

        harness.processWatermark(lastWindowLeaves + WITHDRAWN_RETENTION.toMillis());

        assertThat(numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldLeaveNoStateOrTimersWhenAServiceWithoutRecommendationsLeavesTheLookback()
            throws Exception {
        // Not in the catalog: the service is never evaluated, so it never gets a recommendation.
        harness.processBroadcastElement(config("search", "x9.unknown", 2, 300), 0);
        feedDay(h -> latencySensitiveHour("search", h));
        assertThat(emitted()).isEmpty();

        harness.processWatermark(endOfHour(LAST_HOUR) + LOOKBACK.toMillis());

        assertThat(numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldReopenAboveTheWithdrawalWhenTheServiceComesBackWithinTheRetention()
            throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        harness.processWatermark(endOfHour(LAST_HOUR) + LOOKBACK.toMillis());
        Recommendation withdrawn = latest(RecommendationKind.RIGHTSIZE);
        assertThat(withdrawn.getState()).isEqualTo(RecommendationState.WITHDRAWN);
        harness.getOutput().clear();
        harness.setProcessingTime(Duration.ofDays(3).toMillis());

        feedDayFrom(3 * HOURS_IN_LOOKBACK, h -> overProvisionedHour("checkout", h));

        Recommendation reopened = ofKind(RecommendationKind.RIGHTSIZE).get(0);
        assertThat(reopened.getState()).isEqualTo(RecommendationState.OPEN);
        assertThat(reopened.getRevision()).isEqualTo(Duration.ofDays(3).toMillis());
        assertThat(reopened.getRevision()).isGreaterThan(withdrawn.getRevision());
        assertThat(reopened.getCreatedAt())
                .isEqualTo(Instant.ofEpochMilli(Duration.ofDays(3).toMillis()));
        assertThat(harness.numEventTimeTimers())
                .as("no timer left to forget what the service emitted while it runs")
                .isEqualTo(HOURS_IN_LOOKBACK);
    }

    @Test
    void shouldReopenAboveTheWithdrawalWhenTheServiceComesBackAfterTheRetention() throws Exception {
        harness.setProcessingTime(NOW.toEpochMilli());
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        long lastWindowLeaves = endOfHour(LAST_HOUR) + LOOKBACK.toMillis();
        harness.processWatermark(lastWindowLeaves + WITHDRAWN_RETENTION.toMillis());
        Recommendation withdrawn = latest(RecommendationKind.RIGHTSIZE);
        assertThat(withdrawn.getState()).isEqualTo(RecommendationState.WITHDRAWN);
        harness.getOutput().clear();
        int hoursAway =
                (int) (LAST_HOUR + 1 + LOOKBACK.toHours() + WITHDRAWN_RETENTION.toHours()) + 1;
        Instant later = NOW.plus(Duration.ofDays(100));
        harness.setProcessingTime(later.toEpochMilli());

        feedDayFrom(hoursAway, h -> overProvisionedHour("checkout", h));

        // The state was forgotten, so the revision is the emission time alone; a count would have
        // started again at 1, below the withdrawal that consumers and PostgreSQL keep.
        Recommendation reopened = ofKind(RecommendationKind.RIGHTSIZE).get(0);
        assertThat(reopened.getRevision()).isEqualTo(later.toEpochMilli());
        assertThat(reopened.getRevision()).isGreaterThan(withdrawn.getRevision());
    }

    @Test
    void shouldReviseAtTheEmissionTimeAndStillRiseWhenTheClockStands() throws Exception {
        harness.setProcessingTime(NOW.toEpochMilli());
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);

        feedDay(h -> overProvisionedHour("checkout", h));

        List<Long> revisions =
                ofKind(RecommendationKind.RIGHTSIZE).stream()
                        .map(Recommendation::getRevision)
                        .toList();
        assertThat(revisions).hasSizeGreaterThan(1);
        for (int i = 0; i < revisions.size(); i++) {
            assertThat(revisions.get(i)).isEqualTo(NOW.toEpochMilli() + i);
        }
    }

    /**
     * The run that failed withdrew the recommendation after the checkpoint; the replay does not
     * come to that (here: the config that caused it is not sent again) and finds the checkpoint's
     * open recommendation unchanged. It must say so at a revision above the withdrawal's, or
     * PostgreSQL and the topic's consumers keep the withdrawal.
     */
    @Test
    void shouldEmitWhatItKeepsAgainAboveTheFailedRunsRevisionsWhenRestored() throws Exception {
        harness.setProcessingTime(NOW.toEpochMilli());
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        Recommendation open = latest(RecommendationKind.RIGHTSIZE);
        var checkpoint = harness.snapshot(1L, endOfHour(LAST_HOUR));
        harness.setProcessingTime(NOW.plusSeconds(30).toEpochMilli());
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 40, 2), 0);
        Recommendation lost = latest(RecommendationKind.RIGHTSIZE);
        assertThat(lost.getState()).isEqualTo(RecommendationState.WITHDRAWN);

        try (var replay = restored(checkpoint, NOW.plusSeconds(60).toEpochMilli())) {
            replay.processElement(
                    overProvisionedHour("checkout", LAST_HOUR + 1), endOfHour(LAST_HOUR + 1) - 1);
            replay.processWatermark(endOfHour(LAST_HOUR + 1));
            replay.processElement(
                    overProvisionedHour("checkout", LAST_HOUR + 2), endOfHour(LAST_HOUR + 2) - 1);
            replay.processWatermark(endOfHour(LAST_HOUR + 2));

            List<Recommendation> again =
                    replay.extractOutputValues().stream()
                            .filter(r -> r.getKind() == RecommendationKind.RIGHTSIZE)
                            .toList();
            assertThat(again).as("emitted once more, not at every evaluation").hasSize(1);
            assertThat(again.get(0).getState()).isEqualTo(RecommendationState.OPEN);
            assertThat(again.get(0).getRevision()).isGreaterThan(lost.getRevision());
            assertThat(again.get(0).getProposedInstanceType())
                    .isEqualTo(open.getProposedInstanceType());
            assertThat(again.get(0).getCreatedAt()).isEqualTo(open.getCreatedAt());
            assertThat(again.get(0).getUpdatedAt())
                    .as("updated at the replay's time, after the failed run's withdrawal")
                    .isEqualTo(NOW.plusSeconds(60));
        }
    }

    @Test
    void shouldRecordWhatItTurnedDownAgainWhenRestored() throws Exception {
        harness.setProcessingTime(NOW.toEpochMilli());
        harness.processBroadcastElement(config("search", "c6i.2xlarge", 4, 300), 0);
        feedDay(h -> latencySensitiveHour("search", h));
        RecommendationRejection turnedDown = rejection(RecommendationKind.RIGHTSIZE);
        var checkpoint = harness.snapshot(1L, endOfHour(LAST_HOUR));

        try (var replay = restored(checkpoint, NOW.plusSeconds(60).toEpochMilli())) {
            replay.processElement(
                    latencySensitiveHour("search", LAST_HOUR + 1), endOfHour(LAST_HOUR + 1) - 1);
            replay.processWatermark(endOfHour(LAST_HOUR + 1));

            // The upsert keeps the latest verdict by time: the replay's must be the latest.
            assertThat(replay.getSideOutput(RecommendationFunction.REJECTIONS))
                    .extracting(StreamRecord::getValue)
                    .filteredOn(r -> r.kind().equals("RIGHTSIZE"))
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.sameVerdictAs(turnedDown)).isTrue();
                                assertThat(r.rejectedAt()).isEqualTo(NOW.plusSeconds(60));
                            });
        }
    }

    @Test
    void shouldNotEmitAgainWhatAServiceFirstSeenAfterTheRestoreEmittedSince() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        var checkpoint = harness.snapshot(1L, 0L);
        feedDay(h -> overProvisionedHour("checkout", h));
        List<Recommendation> fresh = emitted();

        try (var restored = restored(checkpoint, 0)) {
            for (int h = 0; h < HOURS_IN_LOOKBACK; h++) {
                restored.processElement(overProvisionedHour("checkout", h), endOfHour(h) - 1);
                restored.processWatermark(endOfHour(h));
            }

            // Nothing was kept for it at the restore: nothing to say again.
            assertThat(restored.extractOutputValues()).hasSameSizeAs(fresh);
        }
    }

    @Test
    void shouldNotRecordKeptVerdictsAgainWhenTheServiceLeavesAfterARestore() throws Exception {
        harness.processBroadcastElement(config("search", "c6i.2xlarge", 4, 300), 0);
        feedDay(h -> latencySensitiveHour("search", h));
        var checkpoint = harness.snapshot(1L, endOfHour(LAST_HOUR));

        try (var restored = restored(checkpoint, NOW.toEpochMilli())) {
            restored.processWatermark(endOfHour(LAST_HOUR) + LOOKBACK.toMillis());

            assertThat(restored.getSideOutput(RecommendationFunction.REJECTIONS))
                    .as("verdicts about windows that are gone, not current ones")
                    .isNullOrEmpty();
        }
    }

    /**
     * The run that failed opened a recommendation after the checkpoint that the replay never
     * proposes: the restored state does not know it, so it retracts every kind it does not hold,
     * below its own revisions.
     */
    @Test
    void shouldRetractTheKindsItDoesNotHoldWhenItFirstEvaluatesAServiceInARun() throws Exception {
        harness.setProcessingTime(NOW.toEpochMilli());
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        List<String> held =
                emitted().stream().map(r -> r.getKind().name()).distinct().sorted().toList();
        var checkpoint = harness.snapshot(1L, endOfHour(LAST_HOUR));

        try (var restored = restored(checkpoint, NOW.plusSeconds(60).toEpochMilli())) {
            restored.processElement(
                    overProvisionedHour("checkout", LAST_HOUR + 1), endOfHour(LAST_HOUR + 1) - 1);
            restored.processWatermark(endOfHour(LAST_HOUR + 1));
            restored.processElement(
                    overProvisionedHour("checkout", LAST_HOUR + 2), endOfHour(LAST_HOUR + 2) - 1);
            restored.processWatermark(endOfHour(LAST_HOUR + 2));

            List<RecommendationRetraction> retracted =
                    restored.getSideOutput(RecommendationFunction.RETRACTIONS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            List<String> notHeld =
                    java.util.Arrays.stream(RecommendationKind.values())
                            .map(Enum::name)
                            .filter(kind -> !held.contains(kind))
                            .toList();
            assertThat(notHeld).as("the test needs a kind the state does not hold").isNotEmpty();
            assertThat(retracted)
                    .as("once per run, each kind it does not hold")
                    .extracting(RecommendationRetraction::recommendationId)
                    .containsExactlyInAnyOrderElementsOf(
                            notHeld.stream()
                                    .map(k -> "checkout/" + k.toLowerCase(java.util.Locale.ROOT))
                                    .toList());
            long lowestOwnRevision =
                    restored.extractOutputValues().stream()
                            .mapToLong(Recommendation::getRevision)
                            .min()
                            .orElseThrow();
            assertThat(retracted)
                    .allSatisfy(
                            r -> {
                                assertThat(r.revision())
                                        .isEqualTo(NOW.plusSeconds(60).toEpochMilli());
                                assertThat(r.revision()).isLessThanOrEqualTo(lowestOwnRevision);
                            });
        }
    }

    @Test
    void shouldNotTakeBackADeploymentChangeWhenAConfigSaysAnEarlierOne() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        // Seen by the job from a writer without deployedAt ...
        ServiceConfig scaledIn = config("checkout", "m6i.2xlarge", 2, 300, 2);
        scaledIn.setUpdatedAt(hoursLater(HOURS_IN_LOOKBACK));
        harness.processBroadcastElement(scaledIn, 0);
        // ... then a config whose writer had not seen that change yet.
        ServiceConfig stale = config("checkout", "m6i.2xlarge", 2, 250, 3);
        stale.setUpdatedAt(hoursLater(HOURS_IN_LOOKBACK + 1));
        stale.setDeployedAt(hoursLater(2));
        harness.processBroadcastElement(stale, 0);

        assertThat(harness.getBroadcastState(RecommendationFunction.DEPLOYED_AT).get("checkout"))
                .isEqualTo(hoursLater(HOURS_IN_LOOKBACK).toEpochMilli());

        ServiceConfig later = config("checkout", "m6i.2xlarge", 3, 250, 4);
        later.setUpdatedAt(hoursLater(HOURS_IN_LOOKBACK + 2));
        later.setDeployedAt(hoursLater(HOURS_IN_LOOKBACK + 2));
        harness.processBroadcastElement(later, 0);
        assertThat(harness.getBroadcastState(RecommendationFunction.DEPLOYED_AT).get("checkout"))
                .isEqualTo(hoursLater(HOURS_IN_LOOKBACK + 2).toEpochMilli());
    }

    @Test
    void shouldEmitWhatItKeepsAgainOnlyInARestoredRun() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        var checkpoint = harness.snapshot(1L, endOfHour(LAST_HOUR));
        List<RecommendationKind> kept =
                emitted().stream().map(Recommendation::getKind).distinct().toList();
        harness.getOutput().clear();
        ServiceCostWindow next = overProvisionedHour("checkout", LAST_HOUR + 1);

        harness.processElement(next, endOfHour(LAST_HOUR + 1) - 1);
        harness.processWatermark(endOfHour(LAST_HOUR + 1));
        assertThat(emitted()).as("nothing new to say").isEmpty();

        try (var restored = restored(checkpoint, 0)) {
            restored.processElement(next, endOfHour(LAST_HOUR + 1) - 1);
            restored.processWatermark(endOfHour(LAST_HOUR + 1));

            assertThat(restored.extractOutputValues())
                    .extracting(Recommendation::getKind)
                    .containsExactlyInAnyOrderElementsOf(kept);
        }
    }

    @Test
    void shouldEvaluateOnceWhenManyWindowsAndRevisionsArriveBeforeTheWatermark() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        for (int revision = 1; revision <= 3; revision++) {
            for (int h = 0; h < HOURS_IN_LOOKBACK; h++) {
                ServiceCostWindow window = overProvisionedHour("checkout", h);
                window.setRevision(revision);
                harness.processElement(window, endOfHour(h) - 1);
            }
        }
        assertThat(emitted()).isEmpty();

        harness.processWatermark(endOfHour(LAST_HOUR));

        // Evaluated per element, the first evaluation would have seen one window (confidence
        // 1/24) and later ones re-emitted as the confidence grew.
        Recommendation rightsize = only(RecommendationKind.RIGHTSIZE);
        assertThat(rightsize.getRevision()).isEqualTo(1);
        assertThat(rightsize.getConfidence()).isEqualTo(1.0);
    }

    @Test
    void shouldKeepRecommendationsOpenWhenBoundedInputEnds() throws Exception {
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 300), 0);
        feedDay(h -> overProvisionedHour("checkout", h));
        harness.getOutput().clear();

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(emitted()).isEmpty();
        // The service's config can still change after the windows' input ended.
        harness.processBroadcastElement(config("checkout", "m6i.2xlarge", 4, 40, 2), 0);
        assertThat(latest(RecommendationKind.RIGHTSIZE).getState())
                .isEqualTo(RecommendationState.WITHDRAWN);
    }

    /** A full lookback of hourly windows, each followed by the watermark at its end. */
    private void feedDay(IntFunction<ServiceCostWindow> hour) throws Exception {
        feedDayFrom(0, hour);
    }

    /** The same, from hour {@code first} on. */
    private void feedDayFrom(int first, IntFunction<ServiceCostWindow> hour) throws Exception {
        for (int h = first; h < first + HOURS_IN_LOOKBACK; h++) {
            harness.processElement(hour.apply(h), endOfHour(h) - 1);
            harness.processWatermark(endOfHour(h));
        }
    }

    private List<Recommendation> emitted() {
        return harness.extractOutputValues();
    }

    private List<Recommendation> ofKind(RecommendationKind kind) {
        return emitted().stream().filter(r -> r.getKind() == kind).toList();
    }

    private Recommendation only(RecommendationKind kind) {
        assertThat(ofKind(kind)).as("emitted %s recommendations", kind).hasSize(1);
        return ofKind(kind).get(0);
    }

    private Recommendation latest(RecommendationKind kind) {
        List<Recommendation> ofKind = ofKind(kind);
        assertThat(ofKind).as("emitted %s recommendations", kind).isNotEmpty();
        return ofKind.get(ofKind.size() - 1);
    }

    private RecommendationRejection rejection(RecommendationKind kind) {
        List<RecommendationRejection> ofKind =
                harness.getSideOutput(RecommendationFunction.REJECTIONS).stream()
                        .map(StreamRecord::getValue)
                        .filter(r -> r.kind().equals(kind.name()))
                        .toList();
        assertThat(ofKind).as("recorded %s rejections", kind).isNotEmpty();
        return ofKind.get(ofKind.size() - 1);
    }

    private int numKeyedStateEntries() {
        AbstractStreamOperator<?> operator =
                (AbstractStreamOperator<?>) harness.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend())
                .numKeyValueStateEntries();
    }
}
