package io.costflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CostWindowTotalsTest {

    @Test
    void shouldBeProvisionalUntilBillingArrives() {
        CostWindowTotals traffic = CostWindowTotals.EMPTY.plusTraffic(100, 2);

        assertThat(traffic.status()).isEqualTo(CostStatus.PROVISIONAL);
        assertThat(traffic.plusBilling(Decimals.of("0.5"), Decimals.of("0.4")).status())
                .isEqualTo(CostStatus.BILLED);
    }

    @Test
    void shouldSumExactlyInAnyOrderWhereDoublesWouldDrift() {
        List<BigDecimal> costs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            costs.add(Decimals.of("0.1"));
        }
        costs.add(Decimals.of("0.000000000001"));
        Collections.shuffle(costs, new Random(7));

        CostWindowTotals totals = CostWindowTotals.EMPTY;
        double drifting = 0;
        for (BigDecimal cost : costs) {
            totals = totals.plusBilling(cost, cost);
            drifting += cost.doubleValue();
        }

        assertThat(totals.billedCost()).isEqualByComparingTo("1000.000000000001");
        assertThat(new BigDecimal(drifting)).isNotEqualByComparingTo("1000.000000000001");
    }

    @Test
    void shouldMergePartialTotals() {
        CostWindowTotals a =
                CostWindowTotals.EMPTY.plusBilling(Decimals.of("1.25"), Decimals.of("1"));
        CostWindowTotals b = CostWindowTotals.EMPTY.plusTraffic(10, 1);

        CostWindowTotals merged = a.plus(b);

        assertThat(merged.billedCost()).isEqualByComparingTo("1.25");
        assertThat(merged.requestCount()).isEqualTo(10);
        assertThat(merged.errorCount()).isEqualTo(1);
        assertThat(merged.billingLines()).isEqualTo(1);
    }
}
