package io.costflow.model.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.AlertSeverity;
import io.costflow.schemas.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTransitionsTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant ONE_MINUTE_LATER = BEGINNING.plus(Duration.ofMinutes(1));
    private static final Instant TWO_MINUTES_LATER = BEGINNING.plus(Duration.ofMinutes(2));

    private static final MultiWindowRule PAGE = BurnRateSettings.standard().rules().get(0);
    private static final MultiWindowRule TICKET = BurnRateSettings.standard().rules().get(2);

    @Test
    void shouldFireAtTheMostSevereRuleWhenSeveralHoldAtOnce() {
        AlertTransitions.Step step =
                AlertTransitions.next(null, burning(20, 20, 20, 20), BEGINNING);

        assertThat(step.transition().orElseThrow().severity()).isEqualTo(AlertSeverity.PAGE);
        assertThat(step.state()).isEqualTo(new FiringEpisode(AlertSeverity.PAGE, BEGINNING));
    }

    @Test
    void shouldStayFiringWithoutTransitionWhenPageStopsButTicketStillHolds() {
        FiringEpisode paging = new FiringEpisode(AlertSeverity.PAGE, BEGINNING);

        AlertTransitions.Step step =
                AlertTransitions.next(paging, burning(0, 0, 2, 2), ONE_MINUTE_LATER);

        assertThat(step.transition()).isEmpty();
        assertThat(step.state()).isEqualTo(paging);
    }

    @Test
    void shouldEscalateKeepingTheEpisodeStartWhenPageStartsDuringATicket() {
        FiringEpisode ticket = new FiringEpisode(AlertSeverity.TICKET, BEGINNING);

        AlertTransitions.Step step =
                AlertTransitions.next(ticket, burning(20, 20, 20, 20), ONE_MINUTE_LATER);

        AlertTransitions.Transition t = step.transition().orElseThrow();
        assertThat(t.state()).isEqualTo(AlertState.FIRING);
        assertThat(t.severity()).isEqualTo(AlertSeverity.PAGE);
        assertThat(t.episodeStart()).isEqualTo(BEGINNING);
        assertThat(t.at()).isEqualTo(ONE_MINUTE_LATER);
    }

    @Test
    void shouldResolveOnceWithTheEpisodesOwnRuleWhenNoRuleHolds() {
        FiringEpisode paging = new FiringEpisode(AlertSeverity.PAGE, BEGINNING);

        AlertTransitions.Step resolved =
                AlertTransitions.next(paging, burning(15, 0, 0.5, 0.5), ONE_MINUTE_LATER);
        AlertTransitions.Step after =
                AlertTransitions.next(resolved.state(), burning(0, 0, 0, 0), TWO_MINUTES_LATER);

        AlertTransitions.Transition t = resolved.transition().orElseThrow();
        assertThat(t.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(t.evidence().rule()).isEqualTo(PAGE);
        assertThat(t.evidence().longBurnRate()).isEqualTo(15);
        assertThat(resolved.state()).isNull();
        assertThat(after.transition()).isEmpty();
    }

    @Test
    void shouldHoldOnlyWhenBothWindowsReachTheRate() {
        assertThat(new RuleEvaluation(PAGE, 14.4, 14.4).holds()).isTrue();
        assertThat(new RuleEvaluation(PAGE, 14.41, 14.39).holds()).isFalse();
        assertThat(new RuleEvaluation(PAGE, 14.39, 14.41).holds()).isFalse();
    }

    private static List<RuleEvaluation> burning(
            double pageLong, double pageShort, double ticketLong, double ticketShort) {
        return List.of(
                new RuleEvaluation(PAGE, pageLong, pageShort),
                new RuleEvaluation(TICKET, ticketLong, ticketShort));
    }
}
