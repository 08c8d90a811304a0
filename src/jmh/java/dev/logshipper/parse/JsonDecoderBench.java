package dev.logshipper.parse;

import com.fasterxml.jackson.core.JsonFactory;
import dev.logshipper.config.ShipperConfig.JsonFormatConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code format: json} per line: {@link JsonDecoder#decode} of a structured log line (message, level, a time parsed
 * with {@code json.timeKey}, numbers, a nested object) into message, time and fields. Time per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonDecoderBench {

    /** flat: a zap/logrus-style line of about 230 bytes; nested: the same with an object and an array among the fields. */
    @Param({"flat", "nested"})
    String line;

    private byte[] bytes;
    private JsonDecoder decoder;
    private final DecodedLine out = new DecodedLine();

    @Setup(Level.Trial)
    public void setUp() {
        String text = switch (line) {
            case "flat" -> "{\"time\":\"2025-01-02T03:04:05.678Z\",\"level\":\"info\",\"logger\":\"http.RequestLog\","
                    + "\"message\":\"GET /api/v1/orders status=200\",\"user\":42,\"tenant\":\"acme\",\"latency_ms\":17.25,"
                    + "\"trace\":\"4bf92f3577b34da6\",\"span\":\"00f067aa0ba902b7\",\"ok\":true}";
            case "nested" -> "{\"time\":\"2025-01-02T03:04:05.678Z\",\"level\":\"info\",\"message\":\"order placed\","
                    + "\"order\":{\"id\":981234,\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-7\",\"qty\":1}],"
                    + "\"total\":12.50,\"currency\":\"EUR\"},\"tags\":[\"checkout\",\"eu\"],\"latency_ms\":17.25}";
            default -> throw new IllegalArgumentException(line);
        };
        bytes = text.getBytes(StandardCharsets.UTF_8);
        decoder = new JsonDecoder(new JsonFactory(), "app",
                new JsonFormatConfig("message", Optional.of("time"), "iso8601"));
    }

    @Benchmark
    public Object decode() {
        if (!decoder.decode(bytes, 0, bytes.length, out)) {
            throw new IllegalStateException("not decoded");
        }
        return out.fields;
    }
}
