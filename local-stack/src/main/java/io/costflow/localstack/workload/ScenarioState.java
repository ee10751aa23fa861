package io.costflow.localstack.workload;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a demo's scenario stands, kept in the data directory so that a restarted demo continues the
 * same scenario from where it stopped instead of sending event times the job has already passed.
 *
 * @param start when the scenario began, in simulated time
 * @param position the simulated instant up to which everything has been generated
 */
public record ScenarioState(Instant start, Instant position) {

    /** The state saved in {@code file}, if there is one. */
    public static Optional<ScenarioState> load(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Optional.of(
                new ScenarioState(
                        Instant.parse(p.getProperty("start")),
                        Instant.parse(p.getProperty("position"))));
    }

    /** Writes the state to {@code file}, replacing it atomically. */
    public void save(Path file) {
        Properties p = new Properties();
        p.setProperty("start", start.toString());
        p.setProperty("position", position.toString());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temporary)) {
                p.store(
                        out,
                        "costflow demo: the scenario's start and how far it has been generated");
            }
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The same scenario, generated up to {@code newPosition}. */
    public ScenarioState at(Instant newPosition) {
        return new ScenarioState(start, newPosition);
    }
}
