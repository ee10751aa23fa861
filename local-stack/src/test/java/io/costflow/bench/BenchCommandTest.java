package io.costflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Options the API benchmark cannot run with are refused before anything starts. */
class BenchCommandTest {

    /** The defaults of {@code costflow bench api}. */
    private static BenchCommand.Api api() {
        BenchCommand.Api api = new BenchCommand.Api();
        api.services = 1000;
        api.windows = 1000;
        api.range = 24;
        api.concurrency = 8;
        api.warmup = Duration.ofSeconds(10);
        api.duration = Duration.ofSeconds(20);
        return api;
    }

    @Test
    void shouldAcceptTheOptionsWhenTheyAreTheDefaults() {
        assertThat(api().invalidOptions()).isNull();
    }

    @Test
    void shouldRefuseTheOptionsWhenThereAreFewerWindowsThanOneRequestReads() {
        BenchCommand.Api api = api();
        api.windows = 20;

        assertThat(api.invalidOptions()).contains("--windows >= --range", "--windows 20");
    }

    @Test
    void shouldRefuseTheOptionsWhenTheMeasurementOrWarmUpIsUnderASecond() {
        BenchCommand.Api shortRun = api();
        shortRun.duration = Duration.ofMillis(500);
        BenchCommand.Api noWarmUp = api();
        noWarmUp.warmup = Duration.ZERO;

        assertThat(shortRun.invalidOptions()).contains("at least 1 s", "PT0.5S");
        assertThat(noWarmUp.invalidOptions()).contains("at least 1 s", "PT0S");
    }

    @Test
    void shouldRefuseTheOptionsWhenThereAreNoWorkersOrServices() {
        BenchCommand.Api noWorkers = api();
        noWorkers.concurrency = 0;
        BenchCommand.Api noServices = api();
        noServices.services = 0;

        assertThat(noWorkers.invalidOptions()).contains("--concurrency >= 1");
        assertThat(noServices.invalidOptions()).contains("at least one service");
    }
}
