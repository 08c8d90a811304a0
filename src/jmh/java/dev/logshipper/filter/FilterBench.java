package dev.logshipper.filter;

import dev.logshipper.config.ShipperConfig.DropConfig;
import dev.logshipper.config.ShipperConfig.KeepConfig;
import dev.logshipper.config.ShipperConfig.RedactConfig;
import dev.logshipper.config.ShipperConfig.ThrottleConfig;
import dev.logshipper.record.ParsedRecord;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One filter of each kind over records shaped like the benchmark's: 200-byte application log lines (levels, loggers,
 * key=value words), 1 in 100 with an e-mail address and 1 in 20 a health check; for the JSON kinds the same lines
 * with three fields. Time per record; {@code none} is the loop and blackhole alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FilterBench {

    static final int RECORDS = 10_000;

    /**
     * drop-text: a plain-text message regex (byte search); drop-regex: a regex needing the engine; keep-field: a JSON
     * field regex; drop-level: level by JSON field; drop-level-pattern: level captured from the message;
     * redact-builtin: all seven built-in patterns; redact-user: one user pattern; rename; remove; throttle (never
     * exhausted: the bucket's own cost).
     */
    @Param({"none", "drop-text", "drop-regex", "keep-field", "drop-level", "drop-level-pattern", "redact-builtin",
            "redact-user", "rename", "remove", "throttle"})
    String kind;

    private ParsedRecord[] records;
    private RecordFilter filter;

    @Setup(Level.Trial)
    public void setUp() {
        records = records(kind.equals("keep-field") || kind.equals("drop-level") || kind.equals("rename")
                || kind.equals("remove"));
        FilterListener.Count none = FilterListener.Count.NONE;
        filter = switch (kind) {
            case "none" -> r -> r;
            case "drop-text" -> KeepDropFilter.drop(Condition.message(Pattern.compile("GET /healthz")), none);
            case "drop-regex" -> KeepDropFilter.drop(Condition.message(Pattern.compile("GET /(healthz|readyz) ")), none);
            case "keep-field" -> KeepDropFilter.keep(Condition.field("logger", Pattern.compile("^com\\.example")),
                    none, none);
            case "drop-level" -> LevelDropFilter.byField(List.of("debug", "trace"), DropConfig.DEFAULT_LEVEL_FIELD, none);
            case "drop-level-pattern" -> LevelDropFilter.byPattern(List.of("debug", "trace"),
                    Pattern.compile("^\\S+ +(\\w+)"), none);
            case "redact-builtin" -> new RedactFilter(new Redactor(RedactConfig.BUILTIN_PATTERNS.stream()
                    .map(BuiltinRedactions::named).toList(), RedactConfig.BUILTIN_PATTERNS.stream().map(n -> none).toList()));
            case "redact-user" -> new RedactFilter(new Redactor(
                    List.of(Redaction.user("customer-id", Pattern.compile("CUST-[0-9]{8}"))), List.of(none)));
            case "rename" -> new RenameFilter(Map.of("thread", "thread_name"));
            case "remove" -> new RemoveFilter(List.of("thread"));
            case "throttle" -> new ThrottleFilter(new Throttle(new ThrottleConfig(Optional.of(Integer.MAX_VALUE),
                    Optional.empty()), System::nanoTime), none, "bench");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void filter(Blackhole bh) {
        for (ParsedRecord r : records) {
            bh.consume(filter.apply(r));
        }
    }

    private static ParsedRecord[] records(boolean json) {
        String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN"};
        String[] loggers = {"com.example.orders.OrderService", "com.example.http.RequestLog",
                "org.springframework.web.servlet.DispatcherServlet", "io.netty.channel.DefaultChannelPipeline"};
        String[] words = {"order", "processed", "user=42", "latency_ms=17", "status=200", "cache", "hit", "GET",
                "/api/v1/orders", "region=eu-west-1", "retry=0", "bytes=5312", "trace=4bf92f3577b34da6"};
        SplittableRandom random = new SplittableRandom(42);
        ParsedRecord[] out = new ParsedRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            String level = levels[random.nextInt(levels.length)];
            String logger = loggers[random.nextInt(loggers.length)];
            StringBuilder sb = new StringBuilder("2026-11-26T10:00:00.123Z ").append(level).append(" [worker-")
                    .append(random.nextInt(16)).append("] ").append(logger).append(" - seq=").append(i);
            if (i % 100 == 7) {
                sb.append(" login by jane.doe@example.com");
            }
            if (i % 20 == 3) {
                sb.append(" GET /healthz 200");
            }
            while (sb.length() < 199) {
                sb.append(' ').append(words[random.nextInt(words.length)]);
            }
            sb.setLength(199);
            byte[] message = sb.toString().getBytes(StandardCharsets.UTF_8);
            Map<String, Object> fields = Map.of();
            if (json) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("level", level.toLowerCase(java.util.Locale.ROOT));
                f.put("logger", logger);
                f.put("thread", "worker-" + random.nextInt(16));
                fields = java.util.Collections.unmodifiableMap(f);
            }
            out[i] = new ParsedRecord(message, ParsedRecord.NO_TIMESTAMP, null, fields, 0, message.length + 1);
        }
        return out;
    }
}
