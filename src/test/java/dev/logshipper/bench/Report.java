package dev.logshipper.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Prints the measurements as a table (each run, then the medians) and writes them as JSON. */
final class Report {

    private static final String ROW =
            "%-19s %-13s %3s %7s %7s %9s %7s %7s %8s %8s %7s %6s %7s %9s %7s %6s %7s %4s %-17s %s";
    private static final String HEADER = String.format(ROW,
            "workload", "jvm", "run", "MiB/s", "steady", "events/s", "secs", "cpu s", "cpu s/GiB", "steady", "rssMiB",
            "rss", "1st ms", "p50/p99", "cpu%", "mcores", "ep cpu", "ok", "load 1/5/15", "note");

    private Report() {
    }

    static void printHeader(PrintStream out) {
        out.println(HEADER);
    }

    static void printRow(PrintStream out, Measurement m, String runLabel) {
        out.println(String.format(ROW,
                m.workload(), m.jvm(), runLabel, f1(m.mibPerSecond()), f1(m.steadyMiBPerSecond()), f0(m.eventsPerSecond()), f2(m.seconds()),
                f2(m.cpuSeconds()), f2(m.cpuSecondsPerGiB()), f2(m.steadyCpuSecondsPerGiB()), f1(m.peakRssMiB()),
                f1(m.rssMiB()), m.firstAckMillis() == null ? "-" : m.firstAckMillis().toString(),
                m.latencyP50Millis() == null ? "-" : m.latencyP50Millis() + "/" + m.latencyP99Millis(),
                f2(m.cpuPercentOfCore()), f0(m.cpuPercentOfCore() == null ? null : m.cpuPercentOfCore() * 10),
                f2(m.endpointCpuSeconds()), m.allArrived() ? "yes" : "NO",
                m.loadAverages().split(" -> ")[0], m.note() == null ? "" : m.note().lines().findFirst().orElse("")));
    }

    /** The threads that used the most CPU, one line: where a run's CPU went beyond what a Java profiler samples. */
    static void printThreads(PrintStream out, Measurement m) {
        if (m.cpuByThread() == null || m.cpuByThread().isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(m.systemCpuSeconds() == null ? "    cpu s by thread:"
                : String.format("    cpu s %.2f (system %.2f); by thread:", m.cpuSeconds(), m.systemCpuSeconds()));
        m.cpuByThread().entrySet().stream().limit(8)
                .forEach(e -> sb.append(' ').append(e.getKey()).append(' ').append(String.format("%.2f", e.getValue())).append(','));
        sb.setLength(sb.length() - 1);
        out.println(sb);
        if (m.memoryMiB() != null && !m.memoryMiB().isEmpty()) {
            out.println("    resident MiB by part: " + MemoryBreakdown.format(m.memoryMiB()));
        }
    }

    /** The median of every figure over the runs of each (workload, jvm), in first-seen order. */
    static List<Measurement> medians(List<Measurement> runs) {
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : runs) {
            if (m.run() > 0) { // run 0 is the profiling run, not a measurement
                groups.computeIfAbsent(m.workload() + "\u0000" + m.jvm(), k -> new ArrayList<>()).add(m);
            }
        }
        List<Measurement> result = new ArrayList<>();
        for (List<Measurement> g : groups.values()) {
            Measurement first = g.getFirst();
            result.add(new Measurement(first.workload(), first.jvm(), g.size(), first.loadAverages(), first.inputBytes(),
                    first.expectedEvents(), first.acceptedEvents(), g.stream().allMatch(Measurement::allArrived),
                    md(g, Measurement::seconds), md(g, Measurement::steadySeconds), md(g, Measurement::mibPerSecond),
                    md(g, Measurement::steadyMiBPerSecond),
                    md(g, Measurement::eventsPerSecond), md(g, Measurement::cpuSeconds), md(g, Measurement::systemCpuSeconds),
                    md(g, Measurement::cpuSecondsPerGiB),
                    md(g, Measurement::steadyCpuSecondsPerGiB), md(g, Measurement::peakRssMiB), md(g, Measurement::rssMiB),
                    ml(g, Measurement::firstAckMillis), ml(g, Measurement::latencyP50Millis),
                    ml(g, Measurement::latencyP99Millis), ml(g, Measurement::latencyMaxMillis),
                    ml(g, Measurement::latencySamples), md(g, Measurement::cpuPercentOfCore),
                    md(g, Measurement::endpointCpuSeconds), first.endpointMode(), first.putRequests(), first.exitCode(),
                    g.size() > 1 ? "median of " + g.size() + " runs" : first.note(), first.cpuByThread(),
                    first.memoryMiB()));
        }
        return result;
    }

    static void printSummary(PrintStream out, List<Measurement> runs) {
        out.println();
        out.println("Summary (median per workload and JVM configuration; n = runs):");
        printHeader(out);
        for (Measurement m : medians(runs)) {
            printRow(out, m, "n" + m.run());
        }
    }

    static void writeJson(Path file, Map<String, Object> environment, List<Measurement> runs) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("environment", environment);
        doc.put("summary", medians(runs));
        doc.put("runs", runs);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    private static Double md(List<Measurement> g, Function<Measurement, Double> f) {
        double[] v = g.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return null;
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Long ml(List<Measurement> g, Function<Measurement, Long> f) {
        Double d = md(g, m -> f.apply(m) == null ? null : f.apply(m).doubleValue());
        return d == null ? null : Math.round(d);
    }

    private static String f0(Double d) {
        return d == null ? "-" : String.format("%.0f", d);
    }

    private static String f1(Double d) {
        return d == null ? "-" : String.format("%.1f", d);
    }

    private static String f2(Double d) {
        return d == null ? "-" : String.format("%.2f", d);
    }
}
