package dev.logshipper.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Summarises a JFR recording of the shipper: CPU samples ({@code jdk.ExecutionSample}, and JDK 25's CPU-time sampler
 * {@code jdk.CPUTimeSample} when enabled) by top frame (self) and by every frame on the stack (inclusive, each method
 * counted once per sample), and allocation
 * ({@code jdk.ObjectAllocationSample}, weighted by its sampled bytes) by class and by allocating frame. The same
 * aggregation as {@code jfr print --events jdk.ExecutionSample} piped through a counter, read with the JDK's own
 * {@code jdk.jfr.consumer} API instead of parsing text.
 */
final class JfrSummary {

    /** Stack samples of one kind, aggregated. */
    private static final class Samples {
        final String title;
        final Map<String, Long> self = new HashMap<>();
        final Map<String, Long> inclusive = new HashMap<>();
        final Map<String, Long> inclusiveOursAndSdk = new HashMap<>();
        final Map<String, Long> selfByArea = new HashMap<>();
        final Map<String, Long> byThread = new HashMap<>();
        long count;

        Samples(String title) {
            this.title = title;
        }

        void add(RecordedEvent e, String threadField) {
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                return;
            }
            count++;
            var thread = e.getThread(threadField);
            byThread.merge(threadGroup(thread == null ? "?" : thread.getJavaName()), 1L, Long::sum);
            List<RecordedFrame> frames = stack.getFrames();
            String top = name(frames.getFirst());
            self.merge(top, 1L, Long::sum);
            selfByArea.merge(area(top), 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    inclusive.merge(n, 1L, Long::sum);
                    String area = area(n);
                    if ((area.equals("ours") || area.equals("AWS SDK")) && !n.contains("$$Lambda")) {
                        inclusiveOursAndSdk.merge(n, 1L, Long::sum);
                    }
                }
            }
        }

        void format(StringBuilder sb, int n) {
            sb.append(String.format("%n== %s: %d samples%n", title, count));
            table(sb, "By thread", byThread, count, n, "");
            table(sb, "Self by area (top frame)", selfByArea, count, n, "");
            table(sb, "Top " + n + " self (top frame)", self, count, n, "");
            table(sb, "Top " + n + " inclusive (anywhere on the stack)", inclusive, count, n, "");
            table(sb, "Top " + n + " inclusive, our and AWS SDK frames only (lambdas left out)", inclusiveOursAndSdk,
                    count, n, "");
        }
    }

    private final Samples execution = new Samples("jdk.ExecutionSample (threads running Java code, 1 ms)");
    private final Samples cpuTime = new Samples("jdk.CPUTimeSample (JEP 509: by CPU time, native code included)");
    private final Map<String, Long> allocByClass = new HashMap<>();
    private final Map<String, Long> allocByFrame = new HashMap<>();
    private final Map<String, Long> allocByOurFrame = new HashMap<>();
    private long allocBytes;
    private long gcCount;
    private double gcPauseMillis;

    static JfrSummary read(Path recording) throws IOException {
        JfrSummary s = new JfrSummary();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                switch (e.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> s.execution.add(e, "sampledThread");
                    case "jdk.CPUTimeSample" -> s.cpuTime.add(e, "eventThread");
                    case "jdk.ObjectAllocationSample" -> s.allocation(e);
                    case "jdk.GarbageCollection" -> {
                        s.gcCount++;
                        s.gcPauseMillis += e.getDuration("sumOfPauses").toNanos() / 1e6;
                    }
                    default -> {
                    }
                }
            }
        }
        return s;
    }

    private void allocation(RecordedEvent e) {
        long weight = e.getLong("weight");
        allocBytes += weight;
        allocByClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        allocByFrame.merge(name(stack.getFrames().getFirst()), weight, Long::sum);
        for (RecordedFrame f : stack.getFrames()) {
            String n = name(f);
            if (!area(n).equals("JDK")) {
                allocByOurFrame.merge(n, weight, Long::sum);
                break;
            }
        }
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** Ours, the AWS SDK, Jackson, or the JDK (everything else). */
    static String area(String frame) {
        if (frame.startsWith("dev.logshipper.")) {
            return "ours";
        }
        if (frame.startsWith("software.amazon.")) {
            return "AWS SDK";
        }
        if (frame.startsWith("com.fasterxml.")) {
            return "Jackson";
        }
        if (frame.startsWith("io.micrometer.")) {
            return "Micrometer";
        }
        return "JDK";
    }

    private static String threadGroup(String thread) {
        return thread.replaceAll("[-#]?\\d+$", "");
    }

    /** The report, with the top {@code n} entries of each table. */
    String format(int n) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("GC: %d collections, %.0f ms of pauses%n", gcCount, gcPauseMillis));
        if (cpuTime.count > 0) {
            cpuTime.format(sb, n);
        }
        execution.format(sb, n);
        sb.append(String.format("%n== Allocation sampled: %.1f MiB in all (jdk.ObjectAllocationSample weight)%n",
                allocBytes / (double) (1 << 20)));
        table(sb, "Allocation by class", allocByClass, allocBytes, n, " MiB");
        table(sb, "Allocation by allocating frame", allocByFrame, allocBytes, n, " MiB");
        table(sb, "Allocation by first non-JDK frame", allocByOurFrame, allocBytes, n, " MiB");
        return sb.toString();
    }

    private static void table(StringBuilder sb, String title, Map<String, Long> counts, long total, int n, String unit) {
        sb.append(String.format("%n%s%n", title));
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(n)
                .forEach(e -> sb.append(String.format("  %6.1f%%  %10s  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                        unit.isEmpty() ? Long.toString(e.getValue())
                                : String.format("%.1f%s", e.getValue() / (double) (1 << 20), unit), e.getKey())));
    }

    /** {@code JfrSummary FILE [N]}: prints the summary of a recording. */
    public static void main(String[] args) throws IOException {
        System.out.print(read(Path.of(args[0])).format(args.length > 1 ? Integer.parseInt(args[1]) : 15));
    }
}
