package io.costflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costflow.localstack.workload.DemoScenario;
import io.costflow.localstack.workload.DemoService;
import org.junit.jupiter.api.Test;

class ServiceConfigUploadTest {

    @Test
    void shouldSendTheBudgetAsADecimalStringWithTheServicesSlosAndDeployment() throws Exception {
        DemoService analytics =
                DemoScenario.services(DemoScenario.STORY_SERVICES).stream()
                        .filter(s -> s.serviceId().equals(DemoScenario.OVER_BUDGET))
                        .findFirst()
                        .orElseThrow();

        JsonNode body = new ObjectMapper().readTree(ServiceConfigUpload.body(analytics));

        assertThat(body.get("monthlyBudget").isTextual()).isTrue();
        assertThat(body.get("monthlyBudget").asText()).isEqualTo("220");
        assertThat(body.get("owner").asText()).isEqualTo("team-data");
        assertThat(body.get("instanceType").asText()).isEqualTo("r6i.4xlarge");
        assertThat(body.get("replicas").asInt()).isEqualTo(6);
        assertThat(body.get("availabilityTarget").asDouble()).isEqualTo(0.999);
        assertThat(body.get("latencyThresholdMs").asDouble()).isEqualTo(500.0);
        assertThat(body.get("currency").asText()).isEqualTo("USD");
        assertThat(body.get("budgetTimeZone").asText()).isEqualTo("UTC");
    }
}
