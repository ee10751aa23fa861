package io.costflow.model.alerting;

import io.costflow.schemas.AlertSeverity;
import java.time.Instant;

/**
 * The state kept per (service, alert kind) while an alert fires: its current severity and when the
 * episode began. Small and immutable, so it fits a Flink {@code ValueState}.
 */
public record FiringEpisode(AlertSeverity severity, Instant since) {}
