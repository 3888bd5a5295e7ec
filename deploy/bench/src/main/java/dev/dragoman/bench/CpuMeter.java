package dev.dragoman.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds the stack's processes spent, read from /proc (Linux): where a phase's time goes, process by process.
 * A process's own time plus its children's (a PostgreSQL postmaster's backends, finished or running).
 */
final class CpuMeter {

    /** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private final Map<String, Long> pids = new LinkedHashMap<>();

    CpuMeter add(String name, long pid) {
        if (pid > 0) {
            pids.put(name, pid);
        }
        return this;
    }

    /** CPU seconds so far, per process name (absent where /proc cannot be read). */
    Map<String, Double> read() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            double total = ticks(pid, true);
            if (total >= 0) {
                for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
                    total += Math.max(0, ticks(child.pid(), false));
                }
                seconds.put(name, total / TICKS);
            }
        });
        return seconds;
    }

    /** Difference of two readings, per process. */
    static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> spent = new LinkedHashMap<>();
        after.forEach((name, value) -> spent.put(name, value - before.getOrDefault(name, 0.0)));
        return spent;
    }

    /** utime + stime (+ cutime + cstime: children already waited for), or -1. */
    private static double ticks(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3); utime is field 14, stime 15, cutime 16, cstime 17
            double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
