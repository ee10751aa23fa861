package io.costflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as the demo command runs it: everything starts in one process, live data
 * reaches the API within seconds, everything stops cleanly, and a restart on the same data
 * directory resumes from the retained checkpoint.
 */
class LocalStackIT {

    @TempDir Path dataDir;

    @Test
    void shouldServeLiveCostWindowsAndResumeAfterARestart() throws Exception {
        StackSettings settings =
                new StackSettings(
                        dataDir, 0, 0, 0, Duration.ofSeconds(2), Duration.ofSeconds(1), 3, 1);

        try (LocalStack stack = LocalStack.start(settings)) {
            Await.until(
                    "checkout has cost windows",
                    Duration.ofSeconds(90),
                    () -> checkoutWindows(stack) > 0);
            Await.until(
                    "a checkpoint is retained",
                    Duration.ofSeconds(60),
                    () -> LocalStack.latestCheckpoint(dataDir.resolve("checkpoints")).isPresent());
        }

        try (LocalStack restarted = LocalStack.start(settings)) {
            assertThat(restarted.resumedFrom()).isPresent();
            int before = checkoutWindows(restarted);
            Await.until(
                    "windows keep coming after the restart",
                    Duration.ofSeconds(90),
                    () -> checkoutWindows(restarted) > before);
        }
    }

    /** Number of checkout's windows the API returns for the last hour, -1 if it fails. */
    private static int checkoutWindows(LocalStack stack) {
        String body = checkoutCosts(stack);
        return body.isEmpty() ? -1 : body.split("\"windowStart\"", -1).length - 1;
    }

    /** The API's answer for checkout's last hour, empty if it fails. */
    private static String checkoutCosts(LocalStack stack) {
        Instant now = Instant.now();
        String url =
                stack.apiUrl()
                        + "/v1/services/checkout/costs?from="
                        + now.minus(Duration.ofHours(1))
                        + "&to="
                        + now.plus(Duration.ofMinutes(1));
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .header(
                                                    "Authorization",
                                                    "Bearer " + stack.apiAdminKey())
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (Exception e) {
            return "";
        }
    }
}
