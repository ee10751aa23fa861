package io.costflow.pipeline;

import io.costflow.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of costflow's Flink jobs, with its default and description. Defaults run the
 * embedded stack; a real deployment sets them in the job's arguments ({@code --key value}).
 */
public final class PipelineOptions {

    private PipelineOptions() {}

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            ConfigOptions.key("costflow.kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("127.0.0.1:9092")
                    .withDescription("Kafka bootstrap servers of the input and output topics.");

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            ConfigOptions.key("costflow.kafka.group-id")
                    .stringType()
                    .defaultValue("costflow-cost-windows")
                    .withDescription("Consumer group of the job's Kafka sources.");

    public static final ConfigOption<String> TELEMETRY_TOPIC =
            ConfigOptions.key("costflow.topic.telemetry")
                    .stringType()
                    .defaultValue(Topics.TELEMETRY)
                    .withDescription("Topic of TelemetryEvent records.");

    public static final ConfigOption<String> BILLING_TOPIC =
            ConfigOptions.key("costflow.topic.billing")
                    .stringType()
                    .defaultValue(Topics.BILLING)
                    .withDescription("Topic of BillingLineItem records.");

    public static final ConfigOption<String> SERVICE_CONFIG_TOPIC =
            ConfigOptions.key("costflow.topic.service-config")
                    .stringType()
                    .defaultValue(Topics.SERVICE_CONFIG)
                    .withDescription(
                            "Compacted topic of service configs (SLOs, budget, owner,"
                                    + " deployment), read from the start as broadcast state.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("costflow.topic.dead-letter")
                    .stringType()
                    .defaultValue(Topics.DEAD_LETTER)
                    .withDescription("Topic that receives every record the job cannot accept.");

    public static final ConfigOption<Boolean> BOUNDED =
            ConfigOptions.key("costflow.source.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Read the input topics up to the offsets at start and then finish"
                                    + " (tests, benchmarks, backfills); the watermark then reaches"
                                    + " the end of time and every window fires.");

    public static final ConfigOption<Duration> WINDOW_SIZE =
            ConfigOptions.key("costflow.window.size")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription("Length of the event-time cost windows.");

    public static final ConfigOption<Duration> ALLOWED_LATENESS =
            ConfigOptions.key("costflow.window.allowed-lateness")
                    .durationType()
                    .defaultValue(Duration.ofDays(3))
                    .withDescription(
                            "How long after a window closes late data still updates it (billing"
                                    + " arrives hours to days late); each update is a new revision.");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            ConfigOptions.key("costflow.watermark.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How far behind the newest event time a record may arrive before it counts as late.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            ConfigOptions.key("costflow.watermark.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A source partition silent this long no longer holds back the watermark.");

    public static final ConfigOption<String> BILLING_CURRENCY =
            ConfigOptions.key("costflow.billing.currency")
                    .stringType()
                    .defaultValue("USD")
                    .withDescription(
                            "The billing currency; lines in any other go to the dead-letter topic.");

    public static final ConfigOption<String> SERVICE_TAG_KEY =
            ConfigOptions.key("costflow.billing.service-tag")
                    .stringType()
                    .defaultValue("service")
                    .withDescription(
                            "Billing tag whose value names the service a line belongs to.");

    public static final ConfigOption<String> JDBC_URL =
            ConfigOptions.key("costflow.jdbc.url")
                    .stringType()
                    .defaultValue("jdbc:postgresql://127.0.0.1:5432/postgres")
                    .withDescription("PostgreSQL that receives the cost windows.");

    public static final ConfigOption<String> JDBC_USER =
            ConfigOptions.key("costflow.jdbc.user")
                    .stringType()
                    .defaultValue("postgres")
                    .withDescription("PostgreSQL user.");

    public static final ConfigOption<String> JDBC_PASSWORD =
            ConfigOptions.key("costflow.jdbc.password")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "PostgreSQL password; prefer passing it through the environment.");

    public static final ConfigOption<String> JDBC_PASSWORD_FILE =
            ConfigOptions.key("costflow.jdbc.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the PostgreSQL password (a mounted Kubernetes or Docker"
                                    + " secret), read when the job starts; wins over"
                                    + " costflow.jdbc.password and keeps the password out of the"
                                    + " job's arguments.");

    public static final ConfigOption<Integer> JDBC_BATCH_SIZE =
            ConfigOptions.key("costflow.jdbc.batch-size")
                    .intType()
                    .defaultValue(500)
                    .withDescription("Upserts per JDBC batch.");

    public static final ConfigOption<Duration> JDBC_BATCH_INTERVAL =
            ConfigOptions.key("costflow.jdbc.batch-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription("Longest time an upsert waits in a batch.");

    public static final ConfigOption<String> COST_WINDOWS_TOPIC =
            ConfigOptions.key("costflow.topic.cost-windows")
                    .stringType()
                    .defaultValue(Topics.COST_WINDOWS)
                    .withDescription("Topic the cost windows are written to, exactly once.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("costflow.kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("costflow-cost-windows")
                    .withDescription(
                            "Prefix of the Kafka transactional ids of the exactly-once cost-window"
                                    + " sink; unique per job on a cluster.");

    public static final ConfigOption<Duration> KAFKA_TRANSACTION_TIMEOUT =
            ConfigOptions.key("costflow.kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Transaction timeout of the exactly-once sink: longer than a checkpoint"
                                    + " plus a restart, at most the broker's transaction.max.timeout.ms"
                                    + " (15 min by default).");

    public static final ConfigOption<Duration> BILLING_MAX_OUT_OF_ORDERNESS =
            ConfigOptions.key("costflow.billing.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "How far billing's charge periods may arrive out of order before they"
                                    + " count as late; billing windows fire when billing's own"
                                    + " watermark passes them, independent of telemetry.");

    public static final ConfigOption<Duration> RESTATEMENT_HORIZON =
            ConfigOptions.key("costflow.billing.restatement-horizon")
                    .durationType()
                    .defaultValue(Duration.ofDays(35))
                    .withDescription(
                            "How long the latest version of each line item is kept to turn a"
                                    + " restatement into a correction (state TTL).");

    public static final ConfigOption<Duration> ATTRIBUTION_WAIT =
            ConfigOptions.key("costflow.billing.attribution-wait")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Event time a billing line without a service tag waits for telemetry"
                                    + " to name its resource's service before it goes to"
                                    + " __unallocated__.");

    public static final ConfigOption<Duration> RESOURCE_MAPPING_TTL =
            ConfigOptions.key("costflow.billing.resource-mapping-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "How long a resource -> service mapping learned from telemetry is"
                                    + " remembered after the resource was last seen.");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            ConfigOptions.key("costflow.validation.max-future-skew")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "A record whose event time lies further than this in the future of"
                                    + " the wall clock is rejected (clock bugs, unit mix-ups).");

    public static final ConfigOption<String> PRICE_CATALOG =
            ConfigOptions.key("costflow.pricing.catalog")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Path of a price catalog CSV for provisional cost; the bundled catalog"
                                    + " when unset.");

    public static final ConfigOption<Double> IDLE_MAX_MEAN_CPU =
            ConfigOptions.key("costflow.idle.max-mean-cpu")
                    .doubleType()
                    .defaultValue(0.03)
                    .withDescription(
                            "A resource is idle in a window when its mean CPU stays under this and it"
                                    + " served at most costflow.idle.max-requests requests.");

    public static final ConfigOption<Long> IDLE_MAX_REQUESTS =
            ConfigOptions.key("costflow.idle.max-requests")
                    .longType()
                    .defaultValue(0L)
                    .withDescription("Most requests an idle resource may serve in a window.");

    // ---- Recommendations (DESIGN.md Processing step 5, RecommendationStage) ----

    public static final ConfigOption<String> RECOMMENDATIONS_TOPIC =
            ConfigOptions.key("costflow.topic.recommendations")
                    .stringType()
                    .defaultValue(Topics.RECOMMENDATIONS)
                    .withDescription(
                            "Topic of Recommendation records, keyed by service, at-least-once.");

    public static final ConfigOption<Duration> RECOMMENDATION_LOOKBACK =
            ConfigOptions.key("costflow.recommendations.lookback")
                    .durationType()
                    .defaultValue(Duration.ofDays(14))
                    .withDescription(
                            "Event time of cost windows a service's recommendations are based on;"
                                    + " older windows are evicted from state.");

    public static final ConfigOption<Duration> RECOMMENDATION_WITHDRAWN_RETENTION =
            ConfigOptions.key("costflow.recommendations.withdrawn-retention")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription(
                            "How long a service without cost windows keeps its withdrawn"
                                    + " recommendations, so that one reopened within this time"
                                    + " gets a revision above the withdrawal's even if the"
                                    + " clock went back; after it, a reopened recommendation's"
                                    + " revision is its emission time alone.");

    public static final ConfigOption<Double> RECOMMENDATION_MATERIAL_CHANGE =
            ConfigOptions.key("costflow.recommendations.material-change")
                    .doubleType()
                    .defaultValue(0.10)
                    .withDescription(
                            "An open recommendation is re-emitted when its monthly list-price"
                                    + " savings move by at least this share, or the proposed change"
                                    + " differs.");

    public static final ConfigOption<String> RECOMMENDATION_REGION =
            ConfigOptions.key("costflow.recommendations.region")
                    .stringType()
                    .defaultValue("eu-west-1")
                    .withDescription(
                            "Price-catalog region of the instance types named in the service"
                                    + " configs.");
    // ---------------------------------------------------------------------------------------
    // Alerts (SLA burn rate, budgets, spend burn rate, cost anomalies)
    // ---------------------------------------------------------------------------------------

    public static final ConfigOption<String> ALERT_SLA_TOPIC =
            ConfigOptions.key("costflow.topic.sla-alerts")
                    .stringType()
                    .defaultValue(Topics.SLA_ALERTS)
                    .withDescription("Topic of SlaAlert records (at-least-once, key serviceId).");

    public static final ConfigOption<String> ALERT_BUDGET_TOPIC =
            ConfigOptions.key("costflow.topic.budget-alerts")
                    .stringType()
                    .defaultValue(Topics.BUDGET_ALERTS)
                    .withDescription(
                            "Topic of BudgetAlert records, anomalies and spend burn rates included"
                                    + " (at-least-once, key serviceId or owner).");

    public static final ConfigOption<Double> ALERT_BURN_RATE_TIME_SCALE =
            ConfigOptions.key("costflow.alerts.burn-rate.time-scale")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Factor on every burn-rate window and on the 30-day SLO period (1/360"
                                    + " turns 1 h into 10 s), for tests and demos; 1 in production.");

    public static final ConfigOption<List<Integer>> ALERT_BUDGET_ACTUAL_PERCENTS =
            ConfigOptions.key("costflow.alerts.budget.actual-percents")
                    .intType()
                    .asList()
                    .defaultValues(50, 80, 100)
                    .withDescription(
                            "Shares of the monthly budget that raise an ACTUAL alert once the"
                                    + " month-to-date spend reaches them.");

    public static final ConfigOption<List<Integer>> ALERT_BUDGET_FORECAST_PERCENTS =
            ConfigOptions.key("costflow.alerts.budget.forecast-percents")
                    .intType()
                    .asList()
                    .defaultValues(100)
                    .withDescription(
                            "Shares of the monthly budget that raise a FORECAST alert once the"
                                    + " month-end forecast reaches them.");

    public static final ConfigOption<Duration> ALERT_FORECAST_RUN_RATE_WINDOW =
            ConfigOptions.key("costflow.alerts.budget.run-rate-window")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "Trailing window whose spend rate the month-end forecast extrapolates.");

    public static final ConfigOption<Double> ALERT_ANOMALY_SENSITIVITY =
            ConfigOptions.key("costflow.alerts.anomaly.sensitivity")
                    .doubleType()
                    .defaultValue(5.0)
                    .withDescription(
                            "Median absolute deviations above the seasonal median a window's cost"
                                    + " must exceed to be an anomaly; lower is more sensitive.");

    public static final ConfigOption<String> ALERT_ANOMALY_ABSOLUTE_FLOOR =
            ConfigOptions.key("costflow.alerts.anomaly.absolute-floor")
                    .stringType()
                    .defaultValue("0.10")
                    .withDescription(
                            "Least amount (billing currency, decimal) above the seasonal median a"
                                    + " window's cost must exceed, so flat series do not alert on cents.");

    public static final ConfigOption<Integer> ALERT_ANOMALY_MINIMUM_HISTORY =
            ConfigOptions.key("costflow.alerts.anomaly.minimum-history")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Past seasons with a window at the same point a window needs before it"
                                    + " can be an anomaly (the warm-up).");

    public static final ConfigOption<Integer> ALERT_ANOMALY_SEASONS_KEPT =
            ConfigOptions.key("costflow.alerts.anomaly.seasons-kept")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Past seasons the anomaly baseline reads.");

    public static final ConfigOption<Duration> ALERT_ANOMALY_SEASON =
            ConfigOptions.key("costflow.alerts.anomaly.season")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "Length of a season: a window is compared with the windows whole"
                                    + " seasons before it (same hour of the week by default).");

    public static final ConfigOption<Duration> ALERT_KAFKA_LINGER =
            ConfigOptions.key("costflow.alerts.kafka-linger")
                    .durationType()
                    .defaultValue(Duration.ofMillis(5))
                    .withDescription(
                            "How long the alert topics' producer waits to batch records; alerts"
                                    + " are sent at once, not on checkpoints.");

    public static final ConfigOption<Duration> ALERT_EVALUATION_DELAY =
            ConfigOptions.key("costflow.alerts.evaluation-delay")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription(
                            "Processing time a service's burn-rate and budget rules wait after a"
                                    + " cost window, so windows that arrive together (from several"
                                    + " subtasks, or replayed after a recovery) are evaluated in"
                                    + " window order and raise the same alerts.");
}
