package io.costflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemoConsoleTest {

    private static final Instant SIMULATED = Instant.parse("2026-10-24T14:30:00Z");

    @Test
    void shouldShowQuestionMarksWhereACountCouldNotBeRead() {
        String line =
                DemoConsole.summary(
                        new DemoConsole.Inputs(SIMULATED, false, 12_345, 678, 9, ""),
                        new DemoConsole.Results(1_830, 412, 31, -1, 1, 2, 4, 0));

        assertThat(line)
                .isEqualTo(
                        "sim 2026-10-24 14:30 | in: 12,345 telemetry, 678 billing (9 restated) |"
                                + " windows 1,830 (412 billed, 31 corrected) | recommendations ?"
                                + " open | SLA alerts 1 firing, 2 resolved | budget alerts 4 |"
                                + " dead letters 0");
    }

    @Test
    void shouldSayLiveOnceTheClockCaughtUpAndNameTheReplay() {
        String line =
                DemoConsole.summary(
                        new DemoConsole.Inputs(SIMULATED, true, 1, 2, 0, "replayed x.csv"),
                        new DemoConsole.Results(0, 0, 0, 0, 0, 0, 0, 0));

        assertThat(line)
                .startsWith(
                        "live 2026-10-24 14:30 | in: 1 telemetry, 2 billing (0 restated), replayed x.csv |");
    }

    @Test
    void shouldDescribeAForecastAndAPricingRecommendation() {
        assertThat(
                        DemoConsole.budgetLine(
                                "analytics",
                                "FORECAST",
                                "2026-10",
                                100,
                                new BigDecimal("30"),
                                new BigDecimal("220"),
                                new BigDecimal("4499.712"),
                                "USD",
                                "ignored"))
                .isEqualTo(
                        "BUDGET analytics forecast 4,499.71 of 220.00 USD for 2026-10: over 100 %");
        assertThat(
                        DemoConsole.recommendationLine(
                                "gateway",
                                "PRICING_MODEL",
                                "OPEN",
                                "c7i.2xlarge",
                                3,
                                null,
                                null,
                                "SAVINGS_PLAN",
                                new BigDecimal("300"),
                                "USD"))
                .isEqualTo(
                        "RECOMMEND gateway PRICING_MODEL buy SAVINGS_PLAN saves 300.00 USD/month");
    }
}
