package dev.logshipper;

import com.sun.net.httpserver.HttpServer;
import dev.logshipper.config.ConfigException;
import dev.logshipper.config.ConfigLoader;
import dev.logshipper.config.ShipperConfig;
import dev.logshipper.ops.LogSetup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code --self-test}: the whole pipeline on generated files against a local stand-in for CloudWatch Logs, without
 * AWS, a cluster or a config file. Three inputs (raw text with Java stack traces joined and sent as JSON envelopes,
 * CRI, and docker json-file), pod metadata from a generated podinfo directory, SigV4-signed PutLogEvents over HTTP to
 * an endpoint that counts the events; it passes when every expected event arrived and the shipper drained.
 *
 * <p>Two uses: a smoke test of an installation or image ({@code docker run IMAGE --self-test}), and the training run
 * for the JDK AOT cache built into the image ({@code Dockerfile}): it exercises the code paths a real run does, so the
 * cache holds their classes and method profiles and the image's first acknowledgement comes within a second.
 */
final class SelfTest {
    /** Records per input; enough iterations for the JIT profiles of a training run, a few seconds in all. */
    private static final int RECORDS = 20_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PrintStream out;
    private final PrintStream err;

    SelfTest(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs it; returns the exit code (0 passed, 1 failed). */
    int run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("log-shipper-self-test");
            return run(dir);
        } catch (IOException | ConfigException | RuntimeException e) {
            err.println("self-test failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("self-test interrupted");
            return 1;
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private int run(Path dir) throws IOException, InterruptedException, ConfigException {
        long expected = writeInputs(dir);
        AtomicLong received = new AtomicLong();
        HttpServer endpoint = startEndpoint(received);
        long started = System.nanoTime();
        try {
            String yaml = config(dir, endpoint.getAddress().getPort());
            Path file = dir.resolve("config.yaml");
            Files.writeString(file, yaml);
            Map<String, String> env = Map.of("POD_NAME", "self-test-0", "POD_NAMESPACE", "self-test",
                    "NODE_NAME", "node-0");
            ShipperConfig config = new ConfigLoader(env).load(file);
            LogSetup.configure(config.logging().level(), config.logging().json());
            // Dummy credentials through the SDK's default chain (system properties come first in it); the endpoint is local.
            System.setProperty("aws.accessKeyId", "SELFTEST");
            System.setProperty("aws.secretAccessKey", "self-test-secret");
            Shipper shipper = new Shipper(config);
            shipper.start(env, Clock.systemUTC());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.get() < expected && System.nanoTime() - deadline < 0) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            boolean drained = shipper.stop(Duration.ofSeconds(10));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (received.get() != expected || !drained) {
                err.printf("self-test failed: %,d of %,d events arrived in %,d ms%s%n", received.get(), expected, millis,
                        drained ? "" : "; the shipper did not drain");
                return 1;
            }
            out.printf("self-test passed: %,d events from 3 inputs (raw + Java traces as envelopes, cri, docker) shipped "
                    + "and acknowledged in %,d ms%n", expected, millis);
            return 0;
        } finally {
            endpoint.stop(0);
        }
    }

    /** Writes the three inputs and returns how many events they make. */
    private static long writeInputs(Path dir) throws IOException {
        Path podinfo = Files.createDirectories(dir.resolve("podinfo"));
        Files.writeString(podinfo.resolve("labels"), "app=\"self-test\"\npod-template-hash=\"abc123\"\n");
        Files.writeString(podinfo.resolve("annotations"), "kubernetes.io/config.source=\"api\"\n");
        StringBuilder raw = new StringBuilder();
        StringBuilder cri = new StringBuilder();
        StringBuilder docker = new StringBuilder();
        for (int i = 0; i < RECORDS; i++) {
            String time = "2026-11-25T10:%02d:%02d.%03dZ".formatted(i / 60_000 % 60, i / 1000 % 60, i % 1000);
            if (i % 10 == 0) {
                raw.append("2026-11-25 10:00:00.000 ERROR [main] com.example.App - request ").append(i).append(" failed\n")
                        .append("java.lang.IllegalStateException: \"boom\" ").append(i).append('\n')
                        .append("\tat com.example.App.handle(App.java:42)\n")
                        .append("\tat com.example.App.main(App.java:10)\n")
                        .append("Caused by: java.io.IOException: disk \\ full\n")
                        .append("\t... 2 more\n");
            } else {
                raw.append("2026-11-25 10:00:00.000 INFO [main] com.example.App - handled request ").append(i)
                        .append(" in 3 ms, status=200 path=/api/items/").append(i).append('\n');
            }
            cri.append(time).append(i % 7 == 0 ? " stderr F " : " stdout F ").append("{\"level\":\"info\",\"msg\":\"request ")
                    .append(i).append("\",\"latency_ms\":3}\n");
            docker.append("{\"log\":\"worker ").append(i).append(" done \\u00e9\\n\",\"stream\":\"stdout\",\"time\":\"")
                    .append(time).append("\"}\n");
        }
        Files.writeString(dir.resolve("raw.log"), raw);
        Files.writeString(dir.resolve("cri.log"), cri);
        Files.writeString(dir.resolve("docker.log"), docker);
        return 3L * RECORDS;
    }

    private static String config(Path dir, int port) {
        return """
                inputs:
                  - name: raw
                    include: ["%1$s/raw.log"]
                    multiline:
                      rule: java
                      flushTimeout: 200ms
                    message: envelope
                    containerName: app
                  - name: cri
                    include: ["%1$s/cri.log"]
                    format: cri
                    containerName: sidecar
                  - name: docker
                    include: ["%1$s/docker.log"]
                    format: docker
                    containerName: worker
                output: cloudwatch
                cloudwatch:
                  region: us-east-1
                  endpoint: http://127.0.0.1:%2$d
                  logGroup: /self-test/{namespace}
                  logStream: "{pod_name}/{container_name}"
                  flushInterval: 200ms
                kubernetes:
                  cluster: self-test
                  podInfoDirectory: %1$s/podinfo
                checkpoint:
                  directory: %1$s/checkpoints
                server:
                  bindAddress: 127.0.0.1
                  port: 0
                logging:
                  level: warn
                """.formatted(dir, port);
    }

    /**
     * A stand-in for CloudWatch Logs that accepts signed PutLogEvents and counts their events (the tests' fake endpoint
     * enforces the API rules; this one only has to answer like the service does when all is well).
     */
    private static HttpServer startEndpoint(AtomicLong received) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] request = body.readAllBytes();
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                int status = 200;
                String answer = "{}";
                if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
                    status = 400;
                    answer = "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"not signed\"}";
                } else if ("Logs_20140328.PutLogEvents".equals(target)) {
                    received.addAndGet(count(new String(request, StandardCharsets.ISO_8859_1), "{\"timestamp\":"));
                    answer = "{\"nextSequenceToken\":\"1\"}";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
        return server;
    }

    /** Occurrences of {@code needle} (each event of a PutLogEvents body starts with one). */
    private static long count(String haystack, String needle) {
        long n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temp directory left behind is harmless
        }
    }
}
