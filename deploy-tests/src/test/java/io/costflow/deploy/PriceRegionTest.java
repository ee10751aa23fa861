package io.costflow.deploy;

import static io.costflow.deploy.DeployFiles.at;
import static io.costflow.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.pipeline.PipelineOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's simulations and the pipeline's recommendations price instance types in one catalog
 * region, whichever way the system is started: from the bare defaults, with docker compose, or with
 * the Helm chart. Otherwise a simulation of a recommended change would disagree with it.
 */
class PriceRegionTest {

    private static final String PIPELINE_DEFAULT =
            PipelineOptions.RECOMMENDATION_REGION.defaultValue();

    @Test
    void shouldPriceInThePipelinesRegionWhenTheApiRunsOnItsDefaults() {
        Map<String, Object> api =
                DeployFiles.yamlMap(DeployFiles.read(DeployFiles.API_APPLICATION_YML));

        assertThat(at(api, "costflow.api.simulation.region"))
                .isEqualTo("${COSTFLOW_REGION:" + PIPELINE_DEFAULT + "}");
    }

    @Test
    void shouldPriceInThePipelinesRegionWhenDeployedWithComposeOrHelm() {
        Map<String, Object> compose = DeployFiles.yamlMap(DeployFiles.read(DeployFiles.COMPOSE));
        Map<String, Object> values =
                DeployFiles.yamlMap(
                        DeployFiles.read(DeployFiles.CHART.resolve(Path.of("values.yaml"))));

        assertThat(at(map(at(compose, "services.query-api")), "environment.COSTFLOW_REGION"))
                .isEqualTo("${COSTFLOW_REGION:-" + PIPELINE_DEFAULT + "}");
        assertThat(at(values, "api.region")).isEqualTo(PIPELINE_DEFAULT);
        // ... and the job itself runs with the default, in compose and in the chart alike.
        assertThat(DeployFiles.flinkConf().get(PipelineOptions.RECOMMENDATION_REGION))
                .isEqualTo(PIPELINE_DEFAULT);
    }
}
