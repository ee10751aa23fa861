package io.costflow.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/** Reads the CPU time of the API benchmark's three processes; see {@link ProcessCpu}. */
final class CpuClock {

    private static final Duration BACKEND_EXIT = Duration.ofSeconds(5);

    /** A reading, with PostgreSQL's processes at the time. */
    record Reading(CpuUse use, Set<Long> postgresChildren) {}

    private final long generator;
    private final long api;
    private final long postmaster;
    private final PrintWriter out;

    /**
     * @param postmaster the postmaster's pid, or negative when it is not known (every reading is
     *     then {@link CpuUse#UNKNOWN})
     */
    CpuClock(long generator, long api, long postmaster, PrintWriter out) {
        this.generator = generator;
        this.api = api;
        this.postmaster = postmaster;
        this.out = out;
    }

    Reading now() {
        if (postmaster < 0) {
            return new Reading(CpuUse.UNKNOWN, Set.of());
        }
        Set<Long> children = children();
        CpuUse use =
                new CpuUse(
                        ProcessCpu.of(generator).orElse(-1),
                        ProcessCpu.of(api).orElse(-1),
                        ProcessCpu.withChildren(postmaster).orElse(-1));
        return new Reading(use, children);
    }

    /**
     * Reads once every PostgreSQL process that started after {@code before} has gone: a loop's
     * connections are closed when it ends, and an exiting backend's CPU is counted nowhere until
     * the postmaster has reaped it (reading at once moved a quarter of the baseline's PostgreSQL
     * time into the API's next turn). Says so, and reads anyway, after {@link #BACKEND_EXIT}.
     */
    Reading afterBackendsExit(Reading before) {
        long deadline = System.nanoTime() + BACKEND_EXIT.toNanos();
        while (postmaster >= 0 && !before.postgresChildren().containsAll(children())) {
            if (System.nanoTime() > deadline) {
                out.printf(
                        "  (PostgreSQL processes still running %s after the loop; its CPU figure may"
                                + " be off)%n",
                        BACKEND_EXIT);
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return now();
    }

    private Set<Long> children() {
        return ProcessHandle.of(postmaster).stream()
                .flatMap(ProcessHandle::children)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
