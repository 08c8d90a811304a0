package dev.logshipper.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU a process used over a window of wall-clock time, in all and per thread name (from {@code /proc}), and its
 * resident memory at the end: what a sidecar costs while it idles or ships a trickle.
 */
final class CpuWindow {

    /** What the window measured. {@code threads}: CPU seconds per thread name in the window, largest first. */
    record Result(double seconds, double cpuSeconds, Map<String, Double> threads, long rssKiB) {
        double percentOfCore() {
            return 100.0 * cpuSeconds / seconds;
        }
    }

    private final long pid;
    private final double cpu0;
    private final Map<String, Double> threads0;
    private final long t0;

    private CpuWindow(long pid) {
        this.pid = pid;
        this.cpu0 = ProcStats.cpuSeconds(pid);
        this.threads0 = ProcStats.cpuByThread(pid);
        this.t0 = System.nanoTime();
    }

    static CpuWindow open(long pid) {
        return new CpuWindow(pid);
    }

    Result close() {
        double cpu = ProcStats.cpuSeconds(pid) - cpu0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> threads = new LinkedHashMap<>();
        ProcStats.cpuByThread(pid).entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0.005)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> threads.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
        return new Result(seconds, cpu, threads, ProcStats.rssKiB(pid));
    }
}
