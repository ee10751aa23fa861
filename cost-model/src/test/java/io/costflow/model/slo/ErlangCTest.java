package io.costflow.model.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErlangCTest {

    @Test
    void shouldGiveOneThirdWhenTwoServersCarryOneErlang() {
        assertThat(ErlangC.erlangC(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void shouldMatchTextbookValueWhenTenServersCarryEightErlangs() {
        assertThat(ErlangC.erlangC(10, 8.0)).isCloseTo(0.4092, within(1e-4));
    }

    @Test
    void shouldGiveFourNinthsWhenThreeServersCarryTwoErlangs() {
        // By hand: B(3, 2) = 4/19, so C = 3·(4/19) / (3 − 2·15/19) = (12/19) / (27/19) = 4/9.
        assertThat(ErlangC.erlangB(3, 2.0)).isCloseTo(4.0 / 19, within(1e-12));
        assertThat(ErlangC.erlangC(3, 2.0)).isCloseTo(4.0 / 9, within(1e-12));
    }

    @Test
    void shouldEqualUtilisationWhenThereIsOneServer() {
        // M/M/1: an arrival waits exactly when the server is busy.
        for (double rho : new double[] {0.1, 0.5, 0.9, 0.99}) {
            assertThat(ErlangC.erlangC(1, rho)).isCloseTo(rho, within(1e-12));
        }
    }

    @Test
    void shouldBeOneWhenLoadReachesServers() {
        assertThat(ErlangC.erlangC(4, 4.0)).isEqualTo(1.0);
        assertThat(ErlangC.erlangC(4, 7.5)).isEqualTo(1.0);
    }

    @Test
    void shouldStayAProbabilityWhenServersAreMany() {
        double c = ErlangC.erlangC(2000, 1950.0);

        assertThat(c).isBetween(0.0, 1.0).isNotNaN();
        assertThat(ErlangC.erlangC(2000, 1000.0)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shouldFollowExponentialTailWhenWaitingTimeQuantileIsAsked() {
        // M/M/1, λ = 0.5, μ = 1: P(W > t) = 0.5·e^{-0.5 t}, so the p99 is ln(50)/0.5.
        assertThat(ErlangC.waitingTimeQuantile(1, 0.5, 1.0, 0.99))
                .isCloseTo(Math.log(50) / 0.5, within(1e-9));
        assertThat(ErlangC.waitingTimeQuantile(10, 1.0, 1.0, 0.99)).isZero();
        assertThat(ErlangC.waitingTimeQuantile(2, 2.0, 1.0, 0.99)).isInfinite();
    }
}
