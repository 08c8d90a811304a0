package dev.logshipper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.testing.FakeCloudWatchLogs;
import dev.logshipper.testing.LogsOperation;
import dev.logshipper.testing.StoredEvent;
import dev.logshipper.testing.TestSdkClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator relies on, tested on the built jar as a separate process with the image's JVM flags: memory stays
 * bounded under a large backlog and a slow endpoint, a second SIGTERM stops at once with a correct checkpoint, and a
 * flood of bad input is counted without flooding the shipper's own log.
 */
class OperationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    private FakeCloudWatchLogs fake;
    private final List<ShipperProcess> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void directories() throws IOException {
        Files.createDirectories(dir.resolve("logs"));
    }

    @AfterEach
    void stop() {
        processes.forEach(ShipperProcess::close);
        if (fake != null) {
            fake.close();
        }
    }

    /** The container image's JVM flags (pom.xml {@code jib.jvm.flags}), so these tests run the shipper as shipped. */
    static List<String> imageJvmFlags() throws IOException {
        Matcher m = Pattern.compile("<jib\\.jvm\\.flags>([^<]+)</jib\\.jvm\\.flags>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "pom.xml has no jib.jvm.flags");
        List<String> flags = new ArrayList<>();
        for (String flag : m.group(1).trim().split(",")) {
            // The image's paths are for its read-only root filesystem; the test process writes where it runs.
            if (!flag.startsWith("-XX:ErrorFile") && !flag.startsWith("-Djava.io.tmpdir")) {
                flags.add(flag);
            }
        }
        return flags;
    }

    private Path config(String inputExtras, String outputSection) throws IOException {
        String yaml = """
                inputs:
                  - name: app
                    include: ["%s/logs/*.log"]
                %s
                %s
                checkpoint:
                  directory: %s/checkpoints
                  interval: 200ms
                %s""".formatted(dir, inputExtras.indent(4).stripTrailing(), outputSection, dir,
                ShipperProcess.LOCAL_OPS_AND_SHUTDOWN);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    /** The output section; {@code extras} are more cloudwatch keys, and may set flushInterval (default here 200ms). */
    private String cloudwatch(String extras) {
        return """
                output: cloudwatch
                cloudwatch:
                  region: us-east-1
                  endpoint: %s
                  logGroup: /ops
                  logStream: app
                  maxBackoff: 500ms
                %s""".formatted(fake.endpoint(),
                (extras.contains("flushInterval:") ? extras : "flushInterval: 200ms\n" + extras).indent(2).stripTrailing());
    }

    private ShipperProcess start(Path config) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", TestSdkClients.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", TestSdkClients.SECRET_KEY);
        ShipperProcess p = ShipperProcess.start(config, dir, env, imageJvmFlags().toArray(String[]::new));
        processes.add(p);
        return p;
    }

    private FakeCloudWatchLogs fake(boolean storeEvents) {
        fake = FakeCloudWatchLogs.builder().credentials(TestSdkClients.ACCESS_KEY, TestSdkClients.SECRET_KEY)
                .storeEvents(storeEvents).start();
        return fake;
    }

    /** One scrape as sample -> value, e.g. {@code logshipper_buffered_bytes} or {@code x_total{input="app"}}. */
    private Map<String, Double> scrape(int port) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> samples = new HashMap<>();
        for (String line : body.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    /** Appends 200-byte lines (numbered within each MiB, so the data is real text) until the file holds {@code size}. */
    private static void writeBacklog(Path file, long size) throws IOException {
        StringBuilder chunk = new StringBuilder(1 << 20);
        for (int i = 0; chunk.length() + 200 <= (1 << 20); i++) {
            String head = String.format("%08d INFO request handled in 12 ms user=42 path=/api/orders status=200 ", i);
            chunk.append(head).append("x".repeat(199 - head.length())).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(chunk.toString().getBytes(StandardCharsets.US_ASCII));
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (out.size() < size) {
                bytes.rewind();
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Test
    void aGibibyteBacklogAndASlowEndpointKeepBufferedBytesUnderTheBound() throws Exception {
        fake(false).faults().addLatency(Duration.ofMillis(500), LogsOperation.PutLogEvents);
        Path backlog = dir.resolve("logs").resolve("app.log");
        try {
            writeBacklog(backlog, GIB);
            ShipperProcess shipper = start(config("", cloudwatch("")));
            int port = shipper.opsPort();
            // The ops server answers before the pipeline has registered its gauges.
            await().atMost(Duration.ofSeconds(30)).until(() -> scrape(port).containsKey("logshipper_read_bytes_total{input=\"app\"}"));
            double limit = scrape(port).get("logshipper_buffer_limit_bytes");
            assertEquals(8 * 1024 * 1024, limit, "the default buffer.maxBytes");

            double maxBuffered = 0;
            long maxRss = 0;
            int samples = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                Map<String, Double> m = scrape(port);
                double buffered = m.get("logshipper_buffered_bytes");
                assertTrue(buffered <= limit, "buffered " + buffered + " > " + limit);
                maxBuffered = Math.max(maxBuffered, buffered);
                maxRss = Math.max(maxRss, shipper.residentBytes());
                samples++;
                TimeUnit.MILLISECONDS.sleep(50); // the sampling period, not synchronisation
            }
            Map<String, Double> last = scrape(port);
            double read = last.get("logshipper_read_bytes_total{input=\"app\"}");
            double sent = last.getOrDefault("logshipper_sent_bytes_total", 0.0);
            System.out.printf("memory bound: %d samples, max buffered %.1f MiB of %.1f, read %.0f MiB of 1024, sent %.0f MiB,"
                    + " max RSS %d MiB%n", samples, maxBuffered / (1 << 20), limit / (1 << 20), read / (1 << 20),
                    sent / (1 << 20), maxRss >> 20);
            assertTrue(samples >= 20, "samples " + samples);
            assertTrue(maxBuffered >= limit / 2, "the buffer never filled, so the bound was not tested: " + maxBuffered);
            assertTrue(read < GIB / 4, "reading must stop at the bound, not run ahead: read " + read);
            assertTrue(sent > 0, "delivery went on");
            assertTrue(maxRss > 0 && maxRss < 160L * 1024 * 1024, "RSS " + (maxRss >> 20) + " MiB");
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "a reader held back by backpressure is live");
            shipper.kill();
        } finally {
            Files.deleteIfExists(backlog);
        }
    }

    @Test
    void aSecondSigtermStopsAtOnceAndTheCheckpointCoversOnlyDeliveredLines() throws Exception {
        fake(true).faults().addLatency(Duration.ofSeconds(1), LogsOperation.PutLogEvents);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            lines.add("line " + i + " " + "y".repeat(i % 40));
        }
        Path log = dir.resolve("logs").resolve("app.log");
        Files.write(log, lines);
        ShipperProcess shipper = start(config("", cloudwatch("maxInFlight: 1")));
        shipper.opsPort();
        Path checkpoint = dir.resolve("checkpoints").resolve("checkpoints.json");
        // Some batches delivered and checkpointed, most still to go (one call a second, 10,000 events per call).
        await().atMost(Duration.ofSeconds(30)).until(() -> fake.events("/ops", "app").size() >= 10_000
                && checkpointedOffset(checkpoint) > 0);

        shipper.signal("TERM");
        await().atMost(Duration.ofSeconds(10)).until(() -> shipper.stderr().contains("termination requested"));
        long second = System.nanoTime();
        shipper.signal("TERM");
        int exit = shipper.waitForExit(Duration.ofSeconds(10));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - second);
        assertEquals(143, exit, shipper.stderr());
        assertTrue(tookMillis < 5_000, "the second SIGTERM took " + tookMillis + " ms");
        assertTrue(fake.events("/ops", "app").size() < lines.size(), "the test needs records left undelivered");

        long offset = checkpointedOffset(checkpoint); // parses: the file is complete, valid JSON
        Set<String> delivered = new HashSet<>(fake.events("/ops", "app").stream().map(StoredEvent::message).toList());
        long lineEnd = 0;
        int covered = 0;
        for (String line : lines) {
            lineEnd += line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (lineEnd > offset) {
                break;
            }
            assertTrue(delivered.contains(line), "the checkpoint (offset " + offset + ") covers an undelivered line: " + line);
            covered++;
        }
        assertTrue(covered >= 10_000, "covered " + covered);
        System.out.println("second SIGTERM: exit after " + tookMillis + " ms; checkpoint covers " + covered + " lines, "
                + delivered.size() + " delivered");
    }

    @Test
    void theDrainSealsOpenBatchesInsteadOfWaitingForTheFlushInterval() throws Exception {
        fake(true);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add("drained line " + i);
        }
        Files.write(dir.resolve("logs").resolve("app.log"), lines);
        // A flush interval longer than the shutdown deadline: only the drain's own flush can deliver these in time.
        ShipperProcess shipper = start(config("", cloudwatch("flushInterval: 60s")));
        int port = shipper.opsPort();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                scrape(port).getOrDefault("logshipper_lines_read_total{input=\"app\"}", 0.0) >= lines.size());
        assertEquals(0, fake.events("/ops", "app").size(), "nothing sealed before the flush interval");
        long began = System.nanoTime();
        assertEquals(0, shipper.terminate(Duration.ofSeconds(30)), shipper.stderr());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertEquals(lines, fake.events("/ops", "app").stream().map(StoredEvent::message).toList());
        assertTrue(tookMillis < 10_000, "the drain took " + tookMillis + " ms");
    }

    /** The single file's acknowledged offset in the checkpoint file, 0 before the first write. */
    private static long checkpointedOffset(Path checkpoint) throws IOException {
        if (!Files.exists(checkpoint)) {
            return 0;
        }
        JsonNode files = JSON.readTree(checkpoint.toFile()).get("files");
        assertNotNull(files, Files.readString(checkpoint));
        assertTrue(files.size() <= 1, Files.readString(checkpoint));
        return files.isEmpty() ? 0 : files.get(0).get("offset").asLong();
    }

    @Test
    void aFloodOfInvalidJsonIsCountedWithoutFloodingTheLog() throws Exception {
        Path log = dir.resolve("logs").resolve("app.log");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            lines.add("{\"broken\": " + i);
        }
        Files.write(log, lines);
        ShipperProcess shipper = start(config("format: json", "output: stdout"));
        int port = shipper.opsPort();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                scrape(port).getOrDefault("logshipper_parse_failures_total{format=\"json\"}", 0.0) >= 100_000);
        assertEquals(0, shipper.terminate(Duration.ofSeconds(30)), shipper.stderr());

        assertEquals(100_000, shipper.stdout().lines().count(), "every bad line is still shipped, raw");
        List<String> logLines = shipper.stderr().lines().toList();
        long aboutParsing = logLines.stream().filter(l -> l.contains("is not valid json")).count();
        assertTrue(aboutParsing >= 1 && aboutParsing <= 2, String.join("\n", logLines));
        assertTrue(logLines.size() < 30, "the shipper's own log: " + logLines.size() + " lines\n" + String.join("\n", logLines));
    }
}
