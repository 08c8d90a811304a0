package dev.logshipper.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a wake-up costs with each of the tailer's wake sources ({@code bench/run.sh --wake-up-cost}): a writer appends
 * 5,000 lines of 200 bytes a second, each its own write, to one file, and a stand-in reader process
 * ({@code dev.logshipper.tail.WakeUpReader}, the image's JVM flags) follows it with one source; measured is that
 * process's CPU over a window after a warm-up, in all and per thread, and how often it woke. The variants run in turn,
 * {@code repeats} times, so that the machine's load falls on all alike.
 */
final class WakeUpCost {

    /** One source, with or without a coalescing window after each read. */
    record Variant(String kind, long windowMillis) {
        String label() {
            return windowMillis == 0 ? kind : kind + "+" + windowMillis + "ms";
        }
    }

    record Result(Variant variant, int run, double millicores, double wakeUpsPerSecond, double kiBPerSecond,
                  Map<String, Double> threads, String load) {
    }

    static final List<Variant> VARIANTS = List.of(new Variant("inotify", 0), new Variant("watch-service", 0),
            new Variant("polling", 0), new Variant("inotify", 100), new Variant("watch-service", 100));
    private static final long LINES_PER_SECOND = 5_000;

    private final Path work;
    private final int warmUpSeconds;
    private final int seconds;
    private final PrintStream out;

    WakeUpCost(Path work, int warmUpSeconds, int seconds, PrintStream out) {
        this.work = work;
        this.warmUpSeconds = warmUpSeconds;
        this.seconds = seconds;
        this.out = out;
    }

    List<Result> run(int repeats) throws IOException, InterruptedException {
        out.printf("wake-up cost: %,d lines/s of %d bytes, one write each; %d s warm-up, %d s measured; load %s%n",
                LINES_PER_SECOND, Workload.LINE_BYTES, warmUpSeconds, seconds, ProcStats.loadAverages());
        List<Result> results = new ArrayList<>();
        for (int r = 1; r <= repeats; r++) {
            for (Variant variant : VARIANTS) {
                Result result = measure(variant, r);
                results.add(result);
                out.printf("%-22s run %d: %6.1f millicores, %7.0f wake-ups/s, %6.0f KiB/s read; load %s; threads %s%n",
                        variant.label(), r, result.millicores(), result.wakeUpsPerSecond(), result.kiBPerSecond(),
                        result.load(), result.threads().entrySet().stream().limit(5)
                                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            }
        }
        out.println("\nmedians:");
        for (Variant variant : VARIANTS) {
            double[] mc = results.stream().filter(x -> x.variant().equals(variant)).mapToDouble(Result::millicores)
                    .sorted().toArray();
            double[] wakes = results.stream().filter(x -> x.variant().equals(variant))
                    .mapToDouble(Result::wakeUpsPerSecond).sorted().toArray();
            out.printf("%-22s %6.1f millicores (%.1f-%.1f), %7.0f wake-ups/s, %.1f us of CPU per write%n", variant.label(),
                    mc[mc.length / 2], mc[0], mc[mc.length - 1], wakes[wakes.length / 2],
                    mc[mc.length / 2] * 1000 / LINES_PER_SECOND);
        }
        return results;
    }

    private Result measure(Variant variant, int run) throws IOException, InterruptedException {
        Path dir = WorkloadRunner.freshDir(work.resolve("wake-up-cost"));
        Path file = Files.createFile(dir.resolve("app.log"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmConfig.IMAGE_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.logshipper.tail.WakeUpReader",
                variant.kind(), file.toString(), Long.toString(variant.windowMillis())));
        Process child = new ProcessBuilder(command).redirectError(dir.resolve("reader.stderr").toFile()).start();
        try (BufferedReader answers = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
             PrintWriter questions = new PrintWriter(child.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            String ready = answers.readLine();
            if (!"ready".equals(ready)) {
                throw new IOException(variant.label() + ": the reader did not start (" + ready + "; see "
                        + dir.resolve("reader.stderr") + ")");
            }
            LineByLineWriter writer = new LineByLineWriter(file, LINES_PER_SECOND * Workload.LINE_BYTES);
            writer.start();
            try {
                Thread.sleep(warmUpSeconds * 1000L); // the warm-up: nothing to wait for but time
                String load = ProcStats.loadAverages();
                long[] before = counters(questions, answers);
                CpuWindow window = CpuWindow.open(child.pid());
                Thread.sleep(seconds * 1000L); // the measured window
                CpuWindow.Result measured = window.close();
                long[] after = counters(questions, answers);
                return new Result(variant, run, measured.percentOfCore() * 10,
                        (after[0] - before[0]) / measured.seconds(), (after[1] - before[1]) / 1024.0 / measured.seconds(),
                        measured.threads(), load);
            } finally {
                writer.stop();
            }
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    /** The reader's wake-up and byte counters: one question, one answer. */
    private static long[] counters(PrintWriter questions, BufferedReader answers) throws IOException {
        questions.println("report");
        String[] words = answers.readLine().split(" ");
        return new long[] {Long.parseLong(words[1]), Long.parseLong(words[3])};
    }
}
