package dev.logshipper.enrich;

import dev.logshipper.bytes.JsonByteWriter;
import dev.logshipper.record.ParsedRecord;
import dev.logshipper.record.SourceFile;
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
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Envelope encoding: {@link EnvelopeEncoder#encode} of one record (message escaped into {@code "log"}, the file's
 * pre-encoded metadata block copied, the result copied out), and {@link JsonByteWriter#writeUtf8String} alone, the
 * escaping/validating copy of the message. Time per record; divide the message size by it for the byte rate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeBench {

    /** line: a 199-byte log line (one quoted value); trace: a 1.5 KiB stack trace (newlines, tabs); utf8: non-ASCII. */
    @Param({"line", "trace", "utf8"})
    String message;

    private ParsedRecord record;
    private byte[] bytes;
    private MetadataBlock metadata;
    private EnvelopeEncoder encoder;
    private JsonByteWriter writer;

    @Setup(Level.Trial)
    public void setUp() {
        String text = switch (message) {
            case "line" -> ("2025-01-02T03:04:05.678Z INFO  [worker-7] com.example.http.RequestLog - GET /api/v1/orders "
                    + "status=200 user=42 \"quoted value\" tenant=acme trace=4bf92f3577b34da6 span=00f067aa0ba902b7 "
                    + "latency_ms=17 bytes=5312 region=eu-west-1 ok").substring(0, 199);
            case "trace" -> trace();
            case "utf8" -> ("2025-01-02T03:04:05.678Z INFO  [main] Bestellung 42 für Müller übermittelt, Betrag 12,50 € "
                    + "— 注文を受け付けました ✓ ").repeat(3).substring(0, 199);
            default -> throw new IllegalArgumentException(message);
        };
        bytes = text.getBytes(StandardCharsets.UTF_8);
        record = new ParsedRecord(bytes, ParsedRecord.NO_TIMESTAMP, "stdout", Map.of(), 0, bytes.length + 1);
        PodMetadata pod = new PodMetadata("checkout-7d4b9c-x2x9q", "shop", "0b7d1c2e-0000-4000-8000-000000000001",
                "fargate-ip-10-0-1-23.ec2.internal", null, null, "prod",
                Map.of("app", "checkout", "pod-template-hash", "7d4b9c", "team", "payments"),
                Map.of("kubernetes.io/config.source", "api"));
        metadata = MetadataBlock.encode(FileMetadata.of(new SourceFile(Path.of("/var/log/app/app.log"), "app"), "app", pod));
        encoder = new EnvelopeEncoder(false, EnrichListener.NONE);
        writer = new JsonByteWriter(4096);
    }

    @Benchmark
    public byte[] envelope() {
        return encoder.encode(record, metadata);
    }

    @Benchmark
    public int escapeMessage() {
        writer.reset();
        writer.writeUtf8String(bytes, 0, bytes.length);
        return writer.size();
    }

    private static String trace() {
        StringBuilder sb = new StringBuilder("2025-01-02T03:04:05.678Z ERROR [worker-3] com.example.orders.OrderController"
                + " - request failed\njava.lang.IllegalStateException: could not place order 42\n");
        for (int i = 0; sb.length() < 1500; i++) {
            sb.append("\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:")
                    .append(100 + i).append(")\n");
        }
        sb.append("\t... 17 more");
        return sb.toString();
    }
}
