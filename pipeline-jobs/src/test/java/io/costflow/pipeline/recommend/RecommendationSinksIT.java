package io.costflow.pipeline.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.RecommendationKind;
import io.costflow.schemas.RecommendationState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The recommendation upsert on a real PostgreSQL: replays converge, a comeback replaces. */
@ExtendWith(CostflowInfraExtension.class)
class RecommendationSinksIT {

    private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-11-03T00:00:00Z");
    private static final Instant FRIDAY = Instant.parse("2026-11-06T00:00:00Z");

    @Test
    void shouldKeepHigherRevisionWhenAnOlderOneIsReplayed(TestDatabase db) throws Exception {
        upsert(db, recommendation(RecommendationState.OPEN, 1, MONDAY, MONDAY));
        upsert(db, recommendation(RecommendationState.WITHDRAWN, 2, MONDAY, TUESDAY));

        upsert(db, recommendation(RecommendationState.OPEN, 1, MONDAY, MONDAY));

        assertThat(stateAndRevision(db)).isEqualTo("WITHDRAWN#2");
    }

    @Test
    void shouldReopenWithdrawnRowWhenRecommendationIsCreatedAgainAfterward(TestDatabase db)
            throws Exception {
        upsert(db, recommendation(RecommendationState.WITHDRAWN, 4, MONDAY, TUESDAY));

        upsert(db, recommendation(RecommendationState.OPEN, 1, FRIDAY, FRIDAY));

        assertThat(stateAndRevision(db)).isEqualTo("OPEN#1");
    }

    @Test
    void shouldWithdrawARowAnEarlierRunLeftOpenWhenRetracted(TestDatabase db) throws Exception {
        upsert(db, recommendation(RecommendationState.OPEN, 100, MONDAY, MONDAY));

        retract(db, 200, FRIDAY);

        assertThat(stateAndRevision(db)).isEqualTo("WITHDRAWN#200");
    }

    @Test
    void shouldLeaveARowThisRunWroteOrAWithdrawnOneWhenRetracted(TestDatabase db) throws Exception {
        upsert(db, recommendation(RecommendationState.OPEN, 200, FRIDAY, FRIDAY));
        retract(db, 200, FRIDAY);
        assertThat(stateAndRevision(db))
                .as("proposed when the run settled the service, at the same time")
                .isEqualTo("OPEN#200");

        upsert(db, recommendation(RecommendationState.OPEN, 250, FRIDAY, FRIDAY));
        retract(db, 200, FRIDAY);
        assertThat(stateAndRevision(db)).as("written by this run").isEqualTo("OPEN#250");

        upsert(db, recommendation(RecommendationState.WITHDRAWN, 260, FRIDAY, FRIDAY));
        retract(db, 300, FRIDAY);
        assertThat(stateAndRevision(db)).isEqualTo("WITHDRAWN#260");
    }

    @Test
    void shouldInsertNothingWhenRetractingAnUnknownRecommendation(TestDatabase db)
            throws Exception {
        retract(db, 200, FRIDAY);

        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM recommendation");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    private static void retract(TestDatabase db, long revision, Instant at) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(RecommendationSinks.RETRACT)) {
            RecommendationSinks.bind(
                    ps,
                    new RecommendationRetraction("checkout/rightsize", "checkout", revision, at));
            ps.executeUpdate();
        }
    }

    private static void upsert(TestDatabase db, Recommendation r) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement(RecommendationSinks.UPSERT_RECOMMENDATION)) {
            RecommendationSinks.bind(ps, r);
            ps.executeUpdate();
        }
    }

    private static String stateAndRevision(TestDatabase db) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT state, revision FROM recommendation"
                                        + " WHERE recommendation_id = 'checkout/rightsize'");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1) + "#" + rs.getLong(2);
        }
    }

    private static Recommendation recommendation(
            RecommendationState state, long revision, Instant created, Instant updated) {
        return Recommendation.newBuilder()
                .setRecommendationId("checkout/rightsize")
                .setServiceId("checkout")
                .setKind(RecommendationKind.RIGHTSIZE)
                .setState(state)
                .setCurrentInstanceType("m6i.2xlarge")
                .setCurrentReplicas(4)
                .setProposedInstanceType("m6i.large")
                .setMonthlySavingsList(Decimals.of("840.96"))
                .setMonthlySavingsEffective(Decimals.of("840.96"))
                .setCurrency("USD")
                .setConfidence(1.0)
                .setPredictedUtilization(0.6)
                .setPredictedP99LatencyMs(80)
                .setExplanation("rightsize to m6i.large")
                .setRevision(revision)
                .setCreatedAt(created)
                .setUpdatedAt(updated)
                .build();
    }
}
