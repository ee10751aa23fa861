package io.costflow.model.simulation;

import static io.costflow.model.slo.ServiceFixtures.CATALOG;
import static io.costflow.model.slo.ServiceFixtures.M6I_2XLARGE;
import static io.costflow.model.slo.ServiceFixtures.M6I_LARGE;
import static io.costflow.model.slo.ServiceFixtures.M6I_XLARGE;
import static io.costflow.model.slo.ServiceFixtures.overProvisionedCheckout;
import static io.costflow.model.slo.ServiceFixtures.profile;
import static io.costflow.model.slo.ServiceFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.slo.ServiceProfile;
import org.junit.jupiter.api.Test;

class ScenarioTemplateTest {

    @Test
    void shouldStepWithinFamilyWhenSizeChanges() {
        ServiceProfile checkout = overProvisionedCheckout();

        assertThat(ScenarioTemplate.ONE_SIZE_DOWN.apply(checkout, CATALOG, 12))
                .hasValueSatisfying(s -> assertThat(s.instanceType()).isEqualTo(M6I_XLARGE));
        assertThat(ScenarioTemplate.ONE_SIZE_UP.apply(checkout, CATALOG, 12))
                .hasValueSatisfying(
                        s -> assertThat(s.instanceType()).isEqualTo(type("m6i.4xlarge")));
    }

    @Test
    void shouldNotApplyWhenThereIsNoSmallerSizeOrSpareReplica() {
        ServiceProfile single = profile("tiny", M6I_LARGE, 1, 1, 0.1, 0.1, 10);

        assertThat(ScenarioTemplate.ONE_SIZE_DOWN.apply(single, CATALOG, 12)).isEmpty();
        assertThat(ScenarioTemplate.ONE_REPLICA_FEWER.apply(single, CATALOG, 12)).isEmpty();
        assertThat(ScenarioTemplate.all(single, CATALOG, 12))
                .extracting(Scenario::name)
                .containsExactly("one size up", "one replica more", "switch to spot", "traffic ×2");
    }

    @Test
    void shouldKeepEverythingElseWhenTemplateChangesOneThing() {
        ServiceProfile checkout = overProvisionedCheckout();

        assertThat(ScenarioTemplate.SWITCH_TO_SPOT.apply(checkout, CATALOG, 3))
                .contains(new Scenario("switch to spot", M6I_2XLARGE, 4, PricingModel.SPOT, 1, 3));
        assertThat(ScenarioTemplate.TRAFFIC_X2.apply(checkout, CATALOG, 3))
                .contains(new Scenario("traffic ×2", M6I_2XLARGE, 4, PricingModel.ON_DEMAND, 2, 3));
        assertThat(ScenarioTemplate.ONE_REPLICA_FEWER.apply(checkout, CATALOG, 3))
                .contains(
                        new Scenario(
                                "one replica fewer", M6I_2XLARGE, 3, PricingModel.ON_DEMAND, 1, 3));
    }
}
