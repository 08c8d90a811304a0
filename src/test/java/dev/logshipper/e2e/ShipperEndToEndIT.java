package dev.logshipper.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.testing.FakeCloudWatchLogs;
import dev.logshipper.testing.LogsOperation;
import dev.logshipper.testing.StoredEvent;
import dev.logshipper.testing.TestSdkClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built jar as a separate process, tailing real files, shipping over real HTTP to the test endpoint. */
class ShipperEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeCloudWatchLogs fake = FakeCloudWatchLogs.builder()
            .credentials(TestSdkClients.ACCESS_KEY, TestSdkClients.SECRET_KEY).start();
    private final List<ShipperProcess> processes = new ArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void directories() throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("podinfo"));
    }

    @AfterEach
    void stop() {
        processes.forEach(ShipperProcess::close);
        fake.close();
    }

    private Path config(String inputExtras, String cloudwatchExtras) throws IOException {
        String yaml = """
                inputs:
                  - name: app
                    include: ["%s/logs/*.log"]
                    containerName: app
                %s
                output: cloudwatch
                cloudwatch:
                  region: us-east-1
                  endpoint: %s
                  logGroup: "/e2e/{namespace}"
                  logStream: "{pod_name}/{container_name}"
                  flushInterval: 200ms
                  maxBackoff: 500ms
                %s
                checkpoint:
                  directory: %s/checkpoints
                  interval: 200ms
                kubernetes:
                  cluster: e2e-cluster
                  podInfoDirectory: %s/podinfo
                %s""".formatted(dir, inputExtras.indent(4).stripTrailing(), fake.endpoint(),
                cloudwatchExtras.indent(2).stripTrailing(), dir, dir, ShipperProcess.LOCAL_OPS_AND_SHUTDOWN);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private ShipperProcess start(Path config) throws IOException {
        ShipperProcess p = ShipperProcess.startSmall(config, dir);
        processes.add(p);
        return p;
    }

    private static List<String> numbered(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add("line " + i + " " + "x".repeat(i % 50));
        }
        return lines;
    }

    private List<String> shipped() {
        return fake.events("/e2e/shop", "web-7d4b9/app").stream().map(StoredEvent::message).toList();
    }

    @Test
    void shipsEveryLineOfAFileInOrderAndDrainsCleanlyOnSigterm() throws Exception {
        List<String> lines = numbered(0, 50_000);
        Files.write(dir.resolve("logs").resolve("app.log"), lines);
        // One batch in flight at a time: CloudWatch orders a stream by timestamp only, so strict line order across
        // batches of the same millisecond needs maxInFlight 1 (docs/delivery.md, "Order").
        ShipperProcess shipper = start(config("", "maxInFlight: 1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> shipped().size() >= lines.size());
        assertSameLines(lines, shipped());
        assertEquals(0, fake.requestCount(LogsOperation.DescribeLogStreams));

        // The ops endpoint answers with the named series after a delivery.
        int port = shipper.opsPort();
        HttpClient http = HttpClient.newHttpClient();
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("logshipper_events_sent_total 50000.0"), metrics);
        assertTrue(metrics.contains("logshipper_lines_read_total{input=\"app\"} 50000.0"), metrics);
        assertTrue(metrics.contains("logshipper_put_log_events_duration_seconds_bucket"), metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes"), metrics);
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        assertEquals(0, shipper.terminate(Duration.ofSeconds(30)), shipper.stderr());
        String checkpoint = Files.readString(dir.resolve("checkpoints").resolve("checkpoints.json"));
        long size = Files.size(dir.resolve("logs").resolve("app.log"));
        assertTrue(checkpoint.contains("\"offset\" : " + size), checkpoint);
    }

    /**
     * Filters in the real process: health checks dropped (and counted, and the checkpoint still reaches the end of the
     * file, whose last line is a dropped one), e-mail addresses masked, fields added to the envelope from the podinfo
     * labels.
     */
    @Test
    void filtersDropRedactAndAddBeforeShippingAndTheCheckpointPassesDroppedLines() throws Exception {
        Files.writeString(dir.resolve("podinfo").resolve("labels"), "app=\"shop-web\"\n");
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            switch (i % 5) {
                case 4 -> lines.add("line " + i + " GET /healthz 200");
                case 1 -> {
                    lines.add("line " + i + " login by bob@example.com");
                    expected.add("line " + i + " login by [REDACTED:email]");
                }
                default -> {
                    lines.add("line " + i + " ok");
                    expected.add("line " + i + " ok");
                }
            }
        }
        Path log = dir.resolve("logs").resolve("app.log");
        Files.write(log, lines);
        ShipperProcess shipper = start(config("""
                message: envelope
                filters:
                  - drop: {message: 'GET /healthz'}
                  - redact: {}
                  - add: {fields: {team: payments, app: '{labels.app}'}}""", "maxInFlight: 1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> shipped().size() >= expected.size());
        List<JsonNode> envelopes = new ArrayList<>();
        for (String message : shipped()) {
            envelopes.add(JSON.readTree(message));
        }
        assertEquals(expected, envelopes.stream().map(e -> e.get("log").asText()).toList());
        assertTrue(envelopes.stream().allMatch(e -> e.get("team").asText().equals("payments")
                && e.get("app").asText().equals("shop-web")), envelopes.getFirst().toString());

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + shipper.opsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("logshipper_records_filtered_total{filter=\"filters[0].drop\",input=\"app\","
                + "reason=\"match\"} 200.0"), metrics);
        assertTrue(metrics.contains("logshipper_redactions_total{input=\"app\",pattern=\"email\"} 200.0"), metrics);

        assertEquals(0, shipper.terminate(Duration.ofSeconds(30)), shipper.stderr());
        String checkpoint = Files.readString(dir.resolve("checkpoints").resolve("checkpoints.json"));
        assertTrue(checkpoint.contains("\"offset\" : " + Files.size(log)), checkpoint);
    }

    @Test
    void sigtermDrainsEverythingAlreadyWrittenBeforeExiting() throws Exception {
        fake.faults().addLatency(Duration.ofMillis(300), LogsOperation.PutLogEvents);
        List<String> lines = numbered(0, 30_000);
        Files.write(dir.resolve("logs").resolve("app.log"), lines);
        // A partial last line (no newline) must also be delivered at shutdown.
        Files.writeString(dir.resolve("logs").resolve("app.log"), "unterminated last line", StandardOpenOption.APPEND);
        ShipperProcess shipper = start(config("", "maxInFlight: 1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> fake.requestCount(LogsOperation.PutLogEvents) >= 1);
        assertEquals(0, shipper.terminate(Duration.ofSeconds(30)), shipper.stderr());
        List<String> expected = new ArrayList<>(lines);
        expected.add("unterminated last line");
        assertSameLines(expected, shipped());
    }

    @Test
    void aRestartAfterSigkillResendsOnlyWhatWasInFlight() throws Exception {
        fake.faults().addLatency(Duration.ofMillis(200), LogsOperation.PutLogEvents);
        Path log = dir.resolve("logs").resolve("app.log");
        Path config = config("", "maxInFlight: 2");
        Files.write(log, numbered(0, 20_000));
        ShipperProcess first = start(config);
        await().atMost(Duration.ofSeconds(60)).until(() -> shipped().size() >= 5_000);
        // Rename rotation pending, more lines written to both files, then SIGKILL with batches in flight.
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardOpenOption.APPEND)) {
            for (String l : numbered(20_000, 25_000)) {
                w.write(l);
                w.newLine();
            }
        }
        Files.move(log, dir.resolve("logs").resolve("app.log.1"));
        Files.write(log, numbered(25_000, 30_000));
        first.kill();
        int beforeRestart = shipped().size();

        ShipperProcess second = start(config);
        List<String> all = numbered(0, 30_000);
        await().atMost(Duration.ofSeconds(90)).until(() -> shipped().containsAll(all));
        assertEquals(0, second.terminate(Duration.ofSeconds(30)), second.stderr());
        List<String> got = shipped();
        int duplicates = got.size() - all.size();
        assertTrue(duplicates >= 0);
        // The bound: batches in flight at the kill (maxInFlight 2, at most 10,000 events each) plus what was
        // acknowledged within one checkpoint interval before it (at most one more batch here).
        assertTrue(duplicates <= 3 * 10_000, "duplicates " + duplicates);
        assertEquals(all.size(), new java.util.HashSet<>(got).size(), "every line arrived");
        System.out.println("SIGKILL restart: delivered before kill " + beforeRestart + ", duplicates " + duplicates);
    }

    @Test
    void javaStackTracesArriveAsOneEventEachWithThePodMetadata() throws Exception {
        Files.createDirectories(dir.resolve("podinfo"));
        Files.writeString(dir.resolve("podinfo").resolve("labels"), "app=\"web\"\npod-template-hash=\"7d4b9\"");
        Files.writeString(dir.resolve("podinfo").resolve("annotations"), "team=\"shop \\\"core\\\"\"");
        List<String> trace = Files.readAllLines(Path.of("src/test/resources/traces/java-stderr.txt")).subList(1, 18);
        List<String> file = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String single = "2026-01-02T03:04:05.000Z INFO [main] app - request " + i;
            file.add(single);
            expected.add(single);
            if (i % 10 == 0) {
                file.addAll(trace);
                expected.add(String.join("\n", trace));
            }
        }
        Files.write(dir.resolve("logs").resolve("app.log"), file);
        ShipperProcess shipper = start(config("""
                multiline:
                  rule: java
                message: envelope""", ""));
        await().atMost(Duration.ofSeconds(60)).until(() -> shipped().size() >= expected.size());
        List<JsonNode> events = new ArrayList<>();
        for (String m : shipped()) {
            events.add(JSON.readTree(m));
        }
        assertEquals(expected, events.stream().map(e -> e.get("log").asText()).toList());
        JsonNode k8s = events.get(0).get("kubernetes");
        assertEquals("web-7d4b9", k8s.get("pod_name").asText());
        assertEquals("shop", k8s.get("namespace_name").asText());
        assertEquals("app", k8s.get("container_name").asText());
        assertEquals("fargate-ip-10-0-1-23.ec2.internal", k8s.get("host").asText());
        assertEquals("web", k8s.get("labels").get("app").asText());
        assertEquals("shop \"core\"", k8s.get("annotations").get("team").asText());
        assertEquals(0, shipper.terminate(Duration.ofSeconds(30)), shipper.stderr());
    }

    @Test
    void readinessFollowsTheEndpointsHealth() throws Exception {
        Files.write(dir.resolve("logs").resolve("app.log"), numbered(0, 10));
        ShipperProcess shipper = start(config("", ""));
        int port = shipper.opsPort();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).until(() -> shipped().size() == 10);
        fake.faults().failNext(1_000_000, "ServiceUnavailableException", 503, "down", LogsOperation.PutLogEvents);
        Files.write(dir.resolve("logs").resolve("app.log"), numbered(10, 20), StandardOpenOption.APPEND);
        URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
        String body = http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(body.contains("server_error"), body);
        fake.faults().clear();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> shipped().size() == 20);
        assertSameLines(numbered(0, 20), shipped());
        assertEquals(0, shipper.terminate(Duration.ofSeconds(30)), shipper.stderr());
    }

    /** Compares without dumping 50,000 lines into the report: sizes, then the first difference. */
    static void assertSameLines(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError("first difference at event " + i + ": expected <" + expected.get(i)
                        + "> but was <" + actual.get(i) + ">");
            }
        }
        assertEquals(expected.size(), actual.size(), "number of events");
    }
}
