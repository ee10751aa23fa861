package io.costflow.model.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FocusColumnsTest {

    @Test
    void shouldFindNothingMissingWhenTheHeaderHasEveryRequiredColumnInAnyCaseOrOrder() {
        List<String> header =
                List.of(
                        "\uFEFFbillingcurrency",
                        " EffectiveCost ",
                        "BILLEDCOST",
                        "ChargeCategory",
                        "ChargePeriodEnd",
                        "ChargePeriodStart",
                        "x_UsageType");

        assertThat(FocusColumns.missingRequired(header)).isEmpty();
    }

    @Test
    void shouldAcceptFocus05NamesWhenTheHeaderUsesThem() {
        List<String> header =
                List.of(
                        "BillingCurrency",
                        "AmortizedCost",
                        "BilledCost",
                        "ChargeType",
                        "ChargePeriodEnd",
                        "ChargePeriodStart");

        assertThat(FocusColumns.missingRequired(header)).isEmpty();
    }

    @Test
    void shouldNameTheMissingColumnsWhenTheFileIsNotAFocusExport() {
        List<String> header =
                List.of("lineItem/UsageStartDate", "lineItem/UnblendedCost", "BillingCurrency");

        assertThat(FocusColumns.missingRequired(header))
                .containsExactly(
                        "ChargePeriodStart",
                        "ChargePeriodEnd",
                        "ChargeCategory",
                        "BilledCost",
                        "EffectiveCost");
    }
}
