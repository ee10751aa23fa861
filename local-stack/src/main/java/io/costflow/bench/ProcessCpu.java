package io.costflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * CPU time (user plus system) that a process, or a process and its children, has used so far, read
 * from {@code /proc/<pid>/stat}. The benchmark divides it by the requests served to say where each
 * request's CPU goes: load generator, API, PostgreSQL. Linux only; elsewhere every reading is empty
 * and the benchmark leaves the breakdown out.
 *
 * <p>Written by hand: the JDK's {@code ProcessHandle.Info} gives a process's own CPU time but not
 * its exited children's, and PostgreSQL's backends are children of the postmaster that come and go
 * with connections (the baseline opens its own for every loop). A backend that is exiting is in
 * neither sum for a moment; {@link CpuClock} waits for closed backends to go before it reads.
 */
final class ProcessCpu {

    /**
     * {@code USER_HZ}, the unit of the stat file's times: 100 on every Linux architecture's ABI.
     */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {}

    /** The process's own CPU time. */
    static OptionalLong of(long pid) {
        long[] times = ticks(pid);
        return times == null
                ? OptionalLong.empty()
                : OptionalLong.of((times[0] + times[1]) * NANOS_PER_TICK);
    }

    /**
     * The process's CPU time plus that of its children: the exited ones it has waited for (as the
     * kernel accounts them to it) and the live ones.
     */
    static OptionalLong withChildren(long pid) {
        long[] times = ticks(pid);
        if (times == null) {
            return OptionalLong.empty();
        }
        long live =
                ProcessHandle.of(pid).stream()
                        .flatMap(ProcessHandle::children)
                        .map(child -> ticks(child.pid()))
                        .filter(Objects::nonNull)
                        .mapToLong(own -> own[0] + own[1])
                        .sum();
        long total = times[0] + times[1] + times[2] + times[3] + live;
        return OptionalLong.of(total * NANOS_PER_TICK);
    }

    /** utime, stime, cutime, cstime in ticks, or null when the file cannot be read. */
    private static long[] ticks(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** utime, stime, cutime, cstime from the text of a stat file, or null if it is too short. */
    static long[] parse(String stat) {
        // The command name, field 2, is in parentheses and may hold spaces and parentheses; fields
        // 14-17 (utime, stime, cutime, cstime) are the 12th to 15th after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (fields.length < 15) {
            return null;
        }
        long[] times = new long[4];
        for (int i = 0; i < 4; i++) {
            times[i] = Long.parseLong(fields[11 + i]);
        }
        return times;
    }
}
