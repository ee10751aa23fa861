package io.costflow.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.pipeline.alert.AlertFixtures;
import io.costflow.schemas.ServiceCostWindow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.CommitterOperatorFactory;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cost-window sink on Flink's own sink operators (writer, then committer) against a real
 * PostgreSQL: rows appear only for completed checkpoints, so a restore that re-fires a window with
 * fewer, larger revisions still replaces what PostgreSQL holds.
 */
@ExtendWith(CostflowInfraExtension.class)
class CostWindowJdbcSinkTest {

    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private record Checkpoint(OperatorSubtaskState writer, OperatorSubtaskState committer) {}

    /** One attempt of the job: the sink's writer and committer operators. */
    private static final class Attempt implements AutoCloseable {

        private final OneInputStreamOperatorTestHarness<
                        ServiceCostWindow, CommittableMessage<List<ServiceCostWindow>>>
                writer;
        private final OneInputStreamOperatorTestHarness<
                        CommittableMessage<List<ServiceCostWindow>>,
                        CommittableMessage<List<ServiceCostWindow>>>
                committer;

        Attempt(CheckpointedUpsertSink<ServiceCostWindow> sink, Checkpoint restored)
                throws Exception {
            writer = new OneInputStreamOperatorTestHarness<>(new SinkWriterOperatorFactory<>(sink));
            committer =
                    new OneInputStreamOperatorTestHarness<>(
                            new CommitterOperatorFactory<>(sink, false, true));
            if (restored != null) {
                writer.initializeState(restored.writer());
                committer.initializeState(restored.committer());
            }
            writer.open();
            committer.open();
        }

        void write(ServiceCostWindow window) throws Exception {
            writer.processElement(new StreamRecord<>(window));
        }

        /** Takes checkpoint {@code id}: its barrier passes the writer, then the committer. */
        Checkpoint checkpoint(long id) throws Exception {
            writer.prepareSnapshotPreBarrier(id);
            for (CommittableMessage<List<ServiceCostWindow>> message :
                    writer.extractOutputValues()) {
                committer.processElement(new StreamRecord<>(message));
            }
            writer.getOutput().clear();
            OperatorSubtaskState writerState = writer.snapshot(id, id);
            committer.prepareSnapshotPreBarrier(id);
            return new Checkpoint(writerState, committer.snapshot(id, id));
        }

        void complete(long id) throws Exception {
            writer.notifyOfCompletedCheckpoint(id);
            committer.notifyOfCompletedCheckpoint(id);
        }

        @Override
        public void close() throws Exception {
            writer.close();
            committer.close();
        }
    }

    @Test
    void shouldReplaceTheRowWithTheRestoredRevisionWhenARestoreRefiresAWindowOnce(TestDatabase db)
            throws Exception {
        CheckpointedUpsertSink<ServiceCostWindow> sink = CostWindowJdbcSink.create(options(db));
        ServiceCostWindow provisional =
                AlertFixtures.window("checkout", START, HOUR, 100, 0, 0, "1.00");
        Checkpoint first;
        try (Attempt attempt = new Attempt(sink, null)) {
            attempt.write(provisional);
            attempt.write(AlertFixtures.billed(provisional, 2, "10.00"));
            first = attempt.checkpoint(1);

            assertThat(stored(db)).as("before checkpoint 1 completes").isEmpty();

            attempt.complete(1);

            assertThat(stored(db)).containsExactly("2 10.000000000000");

            // Late lines re-fire the window three times; the job dies before checkpoint 2 is
            // complete.
            attempt.write(AlertFixtures.billed(provisional, 3, "11.00"));
            attempt.write(AlertFixtures.billed(provisional, 4, "12.00"));
            attempt.write(AlertFixtures.billed(provisional, 5, "13.00"));
            attempt.checkpoint(2);

            assertThat(stored(db)).containsExactly("2 10.000000000000");
        }

        // Restored from checkpoint 1 (revision 2), the replay re-fires the window once with the
        // three late lines and a fourth: revision 3. Had revision 5 (13.00) reached PostgreSQL,
        // the upsert, which keeps the highest revision, would have refused this one.
        try (Attempt attempt = new Attempt(sink, first)) {
            assertThat(stored(db))
                    .as("checkpoint 1 handed over again")
                    .containsExactly("2 10.000000000000");

            attempt.write(AlertFixtures.billed(provisional, 3, "14.00"));
            attempt.checkpoint(2);
            attempt.complete(2);
        }

        assertThat(stored(db)).containsExactly("3 14.000000000000");
    }

    @Test
    void shouldWriteEachWindowOnceWhenARestoreHandsACommittedCheckpointOverAgain(TestDatabase db)
            throws Exception {
        CheckpointedUpsertSink<ServiceCostWindow> sink = CostWindowJdbcSink.create(options(db));
        Checkpoint first;
        try (Attempt attempt = new Attempt(sink, null)) {
            attempt.write(AlertFixtures.window("search", START, HOUR, 10, 0, 0, "2.50"));
            attempt.write(AlertFixtures.window("search", START.plus(HOUR), HOUR, 10, 0, 0, "2.75"));
            first = attempt.checkpoint(1);
            attempt.complete(1);
        }
        try (Attempt attempt = new Attempt(sink, first)) {
            attempt.checkpoint(2);
            attempt.complete(2);
        }

        assertThat(stored(db)).containsExactly("1 2.500000000000", "1 2.750000000000");
    }

    private static Configuration options(TestDatabase db) {
        Configuration options = new Configuration();
        options.set(PipelineOptions.JDBC_URL, db.jdbcUrl());
        options.set(PipelineOptions.JDBC_USER, db.user());
        options.set(PipelineOptions.JDBC_PASSWORD, db.password());
        return options;
    }

    /** "revision cost" of every stored window, oldest first; the cost is billed once billed. */
    private static List<String> stored(TestDatabase db) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT revision, CASE WHEN status = 'PROVISIONAL'"
                                        + " THEN provisional_cost ELSE billed_cost END"
                                        + " FROM cost_window ORDER BY window_start")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getBigDecimal(2).toPlainString());
            }
            return rows;
        }
    }
}
