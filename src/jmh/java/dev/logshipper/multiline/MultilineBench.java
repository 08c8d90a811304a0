package dev.logshipper.multiline;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Multiline matching per line: the built-in {@code java} rule ({@link JavaStackTraceClassifier}) classifying each
 * line through a {@link LineView}, and the {@link MultilineJoiner} appending it to its record - over the benchmark's
 * mix (70% log lines, 30% logged errors with stack traces). Time per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MultilineBench {

    static final int LINES = 10_000;

    /** java: the built-in rule; none: no joining (the classifier's floor); regex: a start pattern on the date. */
    @Param({"java", "none", "regex"})
    String rule;

    private byte[][] lines;
    private LineView view;
    private LineClassifier classifier;
    private MultilineJoiner joiner;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        lines = mix(LINES);
        view = new LineView();
        classifier = switch (rule) {
            case "java" -> new JavaStackTraceClassifier();
            case "none" -> NoJoinClassifier.INSTANCE;
            case "regex" -> new RegexClassifier(java.util.regex.Pattern.compile("^\\d{4}-\\d{2}-\\d{2}"), null);
            default -> throw new IllegalArgumentException(rule);
        };
        joiner = new MultilineJoiner(classifier, 1000, 1_048_550, new MultilineJoiner.Output() {
            @Override
            public void lineAdded(JoinedRecord record) {
            }

            @Override
            public void lineDropped() {
            }

            @Override
            public void recordComplete(JoinedRecord record, FlushReason reason) {
                bh.consume(record.length());
            }
        });
    }

    /** Classify only. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void classify(Blackhole bh) {
        boolean open = false;
        for (byte[] line : lines) {
            Decision d = classifier.classify(view.reset(line, 0, line.length), open);
            open = d != Decision.SINGLE;
            bh.consume(d);
        }
    }

    /** Classify and join, as the record stage does per line. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void classifyAndJoin() {
        long offset = 0;
        for (byte[] line : lines) {
            joiner.offer(view.reset(line, 0, line.length), line, 0, line.length, line.length == 0, 0L, Map.of(),
                    offset, offset + line.length + 1);
            offset += line.length + 1;
        }
        joiner.flush(FlushReason.TIMEOUT);
    }

    static byte[][] mix(int count) {
        SplittableRandom random = new SplittableRandom(42);
        List<byte[]> out = new ArrayList<>(count);
        String[] frames = {"com.example.orders.OrderService.place(OrderService.java:%d)",
                "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:%d)",
                "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:%d)",
                "java.base/java.lang.Thread.run(Thread.java:%d)"};
        for (long seq = 0; out.size() < count; seq++) {
            String ts = "2025-01-02T03:04:05." + String.format("%03d", seq % 1000) + "Z";
            if (seq % 10 < 3) {
                out.add(ascii(ts + " ERROR [worker-3] com.example.orders.OrderController - request failed seq=" + seq));
                out.add(ascii("java.lang.IllegalStateException: could not place order " + seq));
                for (int i = 6 + random.nextInt(10); i > 0; i--) {
                    out.add(ascii("\tat " + String.format(frames[random.nextInt(frames.length)], random.nextInt(900))));
                }
                if (random.nextBoolean()) {
                    out.add(ascii("Caused by: java.net.SocketTimeoutException: Read timed out"));
                    out.add(ascii("\tat " + String.format(frames[0], 12)));
                    out.add(ascii("\t... 17 more"));
                }
            } else {
                out.add(ascii((ts + " INFO  [worker-7] com.example.http.RequestLog - GET /api/v1/orders status=200 seq="
                        + seq + " latency_ms=17 user=42 tenant=acme trace=4bf92f3577b34da6 span=00f067aa0ba902b7 ok "
                        + "x".repeat(100)).substring(0, 199)));
            }
        }
        return out.subList(0, count).toArray(new byte[0][]);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
