package dev.logshipper.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Linux process's CPU time and memory from {@code /proc}: what the kernel charged the process, whatever runs
 * inside it (JIT and GC threads included), which is what a sidecar costs the pod.
 */
final class ProcStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s utime and stime (USER_HZ, 100 on every Linux ABI we run). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** System (kernel) CPU seconds of the process: reads, socket writes, page faults; -1 when it is gone. */
    static double systemCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[12]) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** User + system CPU seconds of the process (all its threads), or -1 when it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]); // field 14 of the whole line
            long stime = Long.parseLong(fields[12]); // field 15
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /**
     * CPU seconds per thread name (digits dropped, so {@code GC Thread#0} and {@code #1} add up), largest first, of the
     * threads alive now; {@code (exited threads)} is what the process used in threads that are gone (compiler threads
     * come and go). Linux truncates thread names to 15 characters.
     */
    static Map<String, Double> cpuByThread(long pid) {
        Map<String, Double> byName = new HashMap<>();
        double sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[#-]?\\d+$", "");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    byName.merge(name, cpu, Double::sum);
                    sum += cpu;
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException gone) {
            return Map.of();
        }
        double total = cpuSeconds(pid);
        if (total > sum) {
            byName.put("(exited threads)", total - sum);
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
        return sorted;
    }

    /** Peak resident set size (VmHWM) in KiB, or -1 when the process is gone. */
    static long peakRssKiB(long pid) {
        return statusKiB(pid, "VmHWM:");
    }

    /** Current resident set size (VmRSS) in KiB, or -1. */
    static long rssKiB(long pid) {
        return statusKiB(pid, "VmRSS:");
    }

    /** A {@code kB} figure of {@code /proc/<pid>/status} (e.g. {@code RssAnon:}), or -1. */
    static long statusKiB(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** The 1-minute load average, recorded with each result because other work shares the machine. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code uptime}'s three load averages, as text. */
    static String loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
