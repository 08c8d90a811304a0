package dev.logshipper.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.testing.FakeCloudWatchLogs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fake CloudWatch Logs endpoint ({@link FakeCloudWatchLogs#main}) in its own JVM, so its CPU is not the
 * shipper's and can be measured on its own; read through its {@code /_fake/stats} counters.
 */
final class FakeEndpoint implements AutoCloseable {

    static final String ACCESS_KEY = "AKIDBENCHMARK0000000";
    static final String SECRET_KEY = "bench-secret-key-not-a-real-one";

    /** The endpoint's counters at one moment. Times are epoch milliseconds, 0 until the first acceptance. */
    record Stats(long acceptedEvents, long acceptedBytes, long firstAcceptedAtMillis, long lastAcceptedAtMillis,
                 long putRequests, long latencyCount, long latencyP50Millis, long latencyP99Millis, long latencyMaxMillis) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final boolean fast;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FakeEndpoint(Process process, int port, boolean fast) {
        this.process = process;
        this.port = port;
        this.fast = fast;
    }

    /**
     * Starts the endpoint with the harness's own class path.
     *
     * @param fast the benchmark mode (streamed counting, no signature check) instead of the strict one
     */
    static FakeEndpoint start(boolean fast, Path logFile) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), FakeCloudWatchLogs.class.getName(), "0",
                "--credentials", ACCESS_KEY + ":" + SECRET_KEY, "--no-store"));
        if (fast) {
            command.add("--fast");
        }
        Process process = new ProcessBuilder(command).redirectError(logFile.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening on ")) {
            process.destroyForcibly();
            throw new IOException("the fake endpoint did not start (see " + logFile + "): " + line);
        }
        return new FakeEndpoint(process, Integer.parseInt(line.substring("listening on ".length()).trim()), fast);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    long pid() {
        return process.pid();
    }

    boolean fast() {
        return fast;
    }

    double cpuSeconds() {
        return ProcStats.cpuSeconds(process.pid());
    }

    Stats stats() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(endpoint().resolve("/_fake/stats")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode s = JSON.readTree(response.body());
        JsonNode latency = s.path("latency");
        return new Stats(s.path("acceptedEvents").asLong(), s.path("acceptedBytes").asLong(),
                s.path("firstAcceptedAtMillis").asLong(), s.path("lastAcceptedAtMillis").asLong(),
                s.path("requests").path("PutLogEvents").asLong(), latency.path("count").asLong(),
                latency.path("p50Millis").asLong(-1), latency.path("p99Millis").asLong(-1),
                latency.path("maxMillis").asLong(-1));
    }

    /** Forgets every count, time and latency sample (between runs). */
    void reset() throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(endpoint().resolve("/_fake/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
