package io.costflow.pipeline.sink;

import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.RecordSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to PostgreSQL with an idempotent upsert, but only once the checkpoint that holds
 * them is complete: PostgreSQL then shows exactly what a {@code read_committed} consumer of the
 * exactly-once Kafka topic sees, a checkpoint interval later than an at-least-once sink would.
 *
 * <p>Why not at-least-once: rows written after the last completed checkpoint survive a failure that
 * the job's state does not. Replayed from that checkpoint, late data that had re-fired a window
 * three times, as revisions 3, 4 and 5, may re-fire it once, as revision 3 holding all of it; an
 * upsert that keeps the highest revision would then keep the lost attempt's revision 5 and never
 * take the money that arrived after it. Written only from completed checkpoints, every row in
 * PostgreSQL is one the restored state has already counted, so the next revision is always higher.
 *
 * <p>Why not the JDBC connector's exactly-once mode: it needs XA, which PostgreSQL serves only with
 * {@code max_prepared_transactions} raised on the server, and a job abandoned between prepare and
 * commit leaves prepared transactions that hold their rows' locks until someone rolls them back by
 * hand. Here a checkpoint's records travel in the checkpoint as the committable and are upserted in
 * one ordinary transaction after it completes; after a restore Flink hands the committables of the
 * restored checkpoint over again, and the upsert makes that repeat harmless. The connection
 * handling is the connector's.
 *
 * @param <T> the record; {@code serde} writes it into the checkpoint
 */
public final class CheckpointedUpsertSink<T> implements Sink<T>, SupportsCommitter<List<T>> {

    private static final long serialVersionUID = 1L;

    private final String sql;
    private final JdbcStatementBuilder<T> binder;
    private final JdbcConnectionOptions connection;
    private final RecordSerde<T> serde;

    /**
     * @param sql an upsert that leaves a row alone when it already holds what the statement brings,
     *     so that writing a record twice, or an older one after a newer, changes nothing
     */
    public CheckpointedUpsertSink(
            String sql,
            JdbcStatementBuilder<T> binder,
            JdbcConnectionOptions connection,
            RecordSerde<T> serde) {
        this.sql = sql;
        this.binder = binder;
        this.connection = connection;
        this.serde = serde;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>();
    }

    @Override
    public Committer<List<T>> createCommitter(CommitterInitContext context) {
        return new UpsertCommitter<>(sql, binder, new SimpleJdbcConnectionProvider(connection));
    }

    @Override
    public SimpleVersionedSerializer<List<T>> getCommittableSerializer() {
        return new BatchSerializer<>(serde);
    }

    /** Holds the records of the running checkpoint; hands them over at its barrier. */
    static final class Writer<T> implements CommittingSinkWriter<T, List<T>> {

        private List<T> pending = new ArrayList<>();

        @Override
        public void write(T element, Context context) {
            pending.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public Collection<List<T>> prepareCommit() {
            if (pending.isEmpty()) {
                return List.of();
            }
            List<T> batch = pending;
            pending = new ArrayList<>();
            return List.of(batch);
        }

        @Override
        public void close() {}
    }

    /** Upserts each completed checkpoint's records in one transaction. */
    static final class UpsertCommitter<T> implements Committer<List<T>> {

        private static final Logger LOG = LoggerFactory.getLogger(UpsertCommitter.class);

        private final String sql;
        private final JdbcStatementBuilder<T> binder;
        private final SimpleJdbcConnectionProvider connections;

        UpsertCommitter(
                String sql,
                JdbcStatementBuilder<T> binder,
                SimpleJdbcConnectionProvider connections) {
            this.sql = sql;
            this.binder = binder;
            this.connections = connections;
        }

        @Override
        public void commit(Collection<CommitRequest<List<T>>> requests)
                throws IOException, InterruptedException {
            for (CommitRequest<List<T>> request : requests) {
                try {
                    upsert(request.getCommittable());
                } catch (SQLException | ClassNotFoundException e) {
                    // Flink asks again, up to sink.committer.retries times, then fails the job,
                    // which restores the checkpoint and hands the same records over once more.
                    LOG.warn(
                            "cannot upsert {} records into PostgreSQL (attempt {}); retrying",
                            request.getCommittable().size(),
                            request.getNumberOfRetries() + 1,
                            e);
                    connections.closeConnection();
                    request.retryLater();
                }
            }
        }

        private void upsert(List<T> records) throws SQLException, ClassNotFoundException {
            Connection c = connections.getOrEstablishConnection();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (T record : records) {
                    binder.accept(s, record);
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }

        @Override
        public void close() {
            connections.closeConnection();
        }
    }

    /** A checkpoint's records as a count and each record's single-object encoding. */
    static final class BatchSerializer<T> implements SimpleVersionedSerializer<List<T>> {

        private final RecordSerde<T> serde;

        BatchSerializer(RecordSerde<T> serde) {
            this.serde = serde;
        }

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<T> batch) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(batch.size());
                for (T record : batch) {
                    byte[] encoded = serde.serialize(record);
                    out.writeInt(encoded.length);
                    out.write(encoded);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<T> deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown batch version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int size = in.readInt();
                List<T> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    byte[] encoded = new byte[in.readInt()];
                    in.readFully(encoded);
                    try {
                        batch.add(serde.deserialize(encoded));
                    } catch (RecordDecodingException e) {
                        throw new IOException("cannot read a checkpointed record", e);
                    }
                }
                return batch;
            }
        }
    }
}
