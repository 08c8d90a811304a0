package dev.logshipper.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One benchmark scenario: what is written, how (before the shipper starts, or while it runs), and the input settings
 * the shipper reads it with.
 *
 * @param bytes the input size (unused for {@link Kind#LATENCY} and {@link Kind#IDLE})
 * @param files how many files the bytes are spread over
 * @param rotateEveryBytes {@link Kind#ROTATION}: logrotate copytruncate after each this many bytes
 * @param writeRate bytes per second of a writer running alongside the shipper (LATENCY, ROTATION, STEADY; 0 = full
 *     speed)
 * @param seconds {@link Kind#LATENCY} and {@link Kind#STEADY}: measured seconds after the warm-up; {@link Kind#IDLE}: the
 *     idle window
 * @param inputYaml extra keys of the shipper's input (format, multiline, message), YAML at the input's indentation
 */
record Workload(String name, Kind kind, Content content, long bytes, int files, long rotateEveryBytes, long writeRate,
                int seconds,
                String inputYaml, String description) {

    /** How the workload is written and what is measured. */
    enum Kind {
        /** Files written before the shipper starts: throughput, CPU per GiB, peak RSS, first ack. */
        PREWRITTEN,
        /** Written at full speed while the shipper runs, with real logrotate copytruncate rotations. */
        ROTATION,
        /** Written at a fixed rate with a time stamp in each line: write-to-ack latency. */
        LATENCY,
        /** Many files, one line each, then nothing: the CPU the shipper burns while idle. */
        IDLE,
        /**
         * A steady trickle written line by line (each line its own write, as an application logs) while the shipper
         * runs: millicores, per-thread CPU, RSS and write-to-ack latency over a window after the warm-up.
         */
        STEADY
    }

    /** What the lines look like. */
    enum Content {
        /** Application log lines of 200 bytes, newline included. */
        RAW,
        /** 70% 200-byte log lines, 30% logged errors with a Java stack trace (about 1.5 KiB). */
        JAVA_MIX,
        /** containerd's CRI format, 200-byte lines. */
        CRI
    }

    static final int LINE_BYTES = 200;
    private static final long MB = 1_000_000;
    private static final long GIB = 1L << 30;
    private static final String MULTILINE_ENVELOPE = """
            multiline:
              rule: java
            message: envelope""";
    /**
     * A typical filter set: one drop regex (health checks, which these lines never contain: every record is tested and
     * none is dropped, so all events still arrive) and the whole built-in redaction set.
     */
    private static final String MULTILINE_ENVELOPE_FILTERED = MULTILINE_ENVELOPE + """

            filters:
              - drop: {message: 'GET /(healthz|readyz)'}
              - redact: {}""";

    /** The full-size workloads of issue 6 (sizes in decimal MB as the issue states them, 1 GiB binary). */
    static List<Workload> full() {
        return List.of(
                new Workload("raw", Kind.PREWRITTEN, Content.RAW, 200 * MB, 1, 0, 0, 0, "",
                        "one file of 200-byte lines, 200 MB"),
                new Workload("raw-1gib", Kind.PREWRITTEN, Content.RAW, GIB, 1, 0, 0, 0, "",
                        "one file of 200-byte lines, 1 GiB"),
                new Workload("files-100", Kind.PREWRITTEN, Content.RAW, 200 * MB, 100, 0, 0, 0, "",
                        "100 files of 200-byte lines, 2 MB each, read at once"),
                new Workload("multiline-envelope", Kind.PREWRITTEN, Content.JAVA_MIX, 200 * MB, 1, 0, 0, 0,
                        MULTILINE_ENVELOPE, "30% Java stack traces, multiline rule java, message: envelope, 200 MB"),
                new Workload("multiline-filtered", Kind.PREWRITTEN, Content.JAVA_MIX, 200 * MB, 1, 0, 0, 0,
                        MULTILINE_ENVELOPE_FILTERED, "multiline-envelope plus a drop regex and the built-in redaction set"),
                new Workload("cri", Kind.PREWRITTEN, Content.CRI, 200 * MB, 1, 0, 0, 0, "format: cri",
                        "CRI (containerd) lines of 200 bytes, 200 MB"),
                new Workload("rotation", Kind.ROTATION, Content.RAW, 200 * MB, 1, 50 * MB, 50L << 20, 0, "",
                        "200 MB written at 50 MiB/s while shipping, logrotate copytruncate every 50 MB"),
                new Workload("latency", Kind.LATENCY, Content.RAW, 0, 1, 0, 10L << 20, 20, "",
                        "10 MiB/s of stamped 200-byte lines, 5 s warm-up then 20 s measured"),
                new Workload("idle-1000", Kind.IDLE, Content.RAW, 0, 1000, 0, 0, 30, "",
                        "1,000 files of one line each, then 30 s without writes"),
                new Workload("steady-100k", Kind.STEADY, Content.RAW, 0, 1, 0, 100L << 10, 30, "",
                        "100 KiB/s of stamped 200-byte lines, one write each; warm-up, then 30 s measured"),
                new Workload("steady-1m", Kind.STEADY, Content.RAW, 0, 1, 0, 1L << 20, 30, "",
                        "1 MiB/s of stamped 200-byte lines, one write each; warm-up, then 30 s measured"));
    }

    /** Seconds-long versions for CI and a quick check: same shapes, small sizes. */
    static List<Workload> smoke() {
        return List.of(
                new Workload("raw", Kind.PREWRITTEN, Content.RAW, 20 * MB, 1, 0, 0, 0, "", "one file, 20 MB (smoke)"),
                new Workload("raw-1gib", Kind.PREWRITTEN, Content.RAW, 40 * MB, 1, 0, 0, 0, "", "one file, 40 MB (smoke)"),
                new Workload("files-100", Kind.PREWRITTEN, Content.RAW, 20 * MB, 100, 0, 0, 0, "", "100 files, 20 MB (smoke)"),
                new Workload("multiline-envelope", Kind.PREWRITTEN, Content.JAVA_MIX, 2 * MB, 1, 0, 0, 0,
                        MULTILINE_ENVELOPE, "30% Java traces + envelope, 2 MB (smoke)"),
                new Workload("cri", Kind.PREWRITTEN, Content.CRI, 2 * MB, 1, 0, 0, 0, "format: cri", "CRI, 2 MB (smoke)"),
                new Workload("rotation", Kind.ROTATION, Content.RAW, 20 * MB, 1, 5 * MB, 5L << 20, 0, "",
                        "20 MB at 5 MiB/s, copytruncate every 5 MB (smoke)"),
                new Workload("latency", Kind.LATENCY, Content.RAW, 0, 1, 0, 10L << 20, 3, "", "10 MiB/s for 1+3 s (smoke)"),
                new Workload("idle-1000", Kind.IDLE, Content.RAW, 0, 100, 0, 0, 3, "", "100 idle files for 3 s (smoke)"),
                new Workload("steady-100k", Kind.STEADY, Content.RAW, 0, 1, 0, 100L << 10, 3, "",
                        "100 KiB/s line by line for 2+3 s (smoke)"),
                new Workload("steady-1m", Kind.STEADY, Content.RAW, 0, 1, 0, 1L << 20, 3, "",
                        "1 MiB/s line by line for 2+3 s (smoke)"));
    }

    /** The workloads named (comma-separated), in the catalogue's order; "all" or null for every one. */
    static List<Workload> select(List<Workload> catalogue, String names) {
        if (names == null || names.isBlank() || names.equals("all")) {
            return catalogue;
        }
        Map<String, Workload> byName = catalogue.stream().collect(Collectors.toMap(Workload::name, Function.identity()));
        return List.of(names.split(",")).stream().map(String::trim).map(n -> {
            Workload w = byName.get(n.toLowerCase(Locale.ROOT));
            if (w == null) {
                throw new IllegalArgumentException("unknown workload '" + n + "'; known: " + byName.keySet());
            }
            return w;
        }).toList();
    }

    /** This workload with another writer rate (bytes per second, 0 = full speed). */
    Workload withWriteRate(long bytesPerSecond) {
        return new Workload(name, kind, content, bytes, files, rotateEveryBytes, bytesPerSecond, seconds, inputYaml,
                description + " [writer at " + (bytesPerSecond == 0 ? "full speed" : (bytesPerSecond >> 20) + " MiB/s") + "]");
    }

    /** Warm-up seconds of a latency run (unstamped lines, not in the histogram). */
    int warmUpSeconds() {
        return seconds >= 10 ? 5 : 1;
    }

    /**
     * The least warm-up of a steady run (unstamped lines): after it, the window still waits for the JIT to settle, because
     * a sidecar's steady state is the one after its compiles, which run for tens of seconds at a trickle.
     */
    int steadyWarmUpSeconds() {
        return seconds >= 10 ? 10 : 2;
    }
}
