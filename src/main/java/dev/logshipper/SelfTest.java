package dev.logshipper;

import dev.logshipper.config.ConfigException;
import dev.logshipper.config.ConfigLoader;
import dev.logshipper.config.ShipperConfig;
import dev.logshipper.ops.LogSetup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code --self-test}: the whole pipeline on generated files against a local stand-in for CloudWatch Logs, without
 * AWS, a cluster or a config file. Three inputs (raw text with Java stack traces joined and sent as JSON envelopes,
 * CRI, and docker json-file), pod metadata from a generated podinfo directory, SigV4-signed PutLogEvents over HTTP to
 * an endpoint that tells the records apart. Two runs on one checkpoint directory:
 * <ol>
 *   <li>ship the files, then stop (drain, final checkpoint): passes when every record arrived exactly once;</li>
 *   <li>start a new shipper on the same checkpoint directory, append lines, read {@code /metrics} once, stop: passes
 *       when exactly the appended lines arrived, each once - nothing of the first run again (offsets were persisted
 *       and loaded), nothing missing - and {@code /metrics} answered with no failed checkpoint write.</li>
 * </ol>
 *
 * <p>Two uses: a smoke test of an installation or image ({@code docker run IMAGE --self-test}), and the training run
 * for the JDK AOT cache built into the image ({@code Dockerfile}): it exercises the code paths a real run does, so the
 * cache holds their classes and method profiles and the image's first acknowledgement comes within a second.
 */
final class SelfTest {
    /** Records per input of the first run; enough iterations for the JIT profiles of a training run. */
    private static final int RECORDS = 20_000;
    /** Records per input appended after the restart: few, the second run proves persistence, not throughput. */
    private static final int MORE_RECORDS = 1_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CHECKPOINT_FAILURES = Pattern.compile("(?m)^logshipper_checkpoint_failures_total (\\S+)$");
    private static final String POD_NAME = "self-test-0";
    private static final Map<String, String> ENV = Map.of("POD_NAME", POD_NAME, "POD_NAMESPACE", "self-test",
            "NODE_NAME", "node-0");

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
        SelfTestInputs inputs = new SelfTestInputs(dir);
        inputs.writePodInfo();
        inputs.append(0, RECORDS);
        int all = RECORDS + MORE_RECORDS;
        List<String> streams = SelfTestInputs.INPUTS.stream().map(i -> POD_NAME + "/" + i.container()).toList();
        SelfTestEndpoint.Tally first = new SelfTestEndpoint.Tally(streams, all);
        try (SelfTestEndpoint endpoint = new SelfTestEndpoint(first)) {
            ShipperConfig config = config(dir, inputs, endpoint.port());
            LogSetup.configure(config.logging().level(), config.logging().json());
            // Dummy credentials through the SDK's default chain (system properties come first in it); the endpoint is local.
            System.setProperty("aws.accessKeyId", "SELFTEST");
            System.setProperty("aws.secretAccessKey", "self-test-secret");

            long started = System.nanoTime();
            Run one = ship(config, first, 0, RECORDS, null);
            if (!one.problems().isEmpty()) {
                err.printf("self-test failed: of the %,d events of the first run, %s (%,d ms)%n", 3L * RECORDS,
                        one.problems(), one.millis());
                return 1;
            }
            SelfTestEndpoint.Tally second = new SelfTestEndpoint.Tally(streams, all);
            endpoint.tallyInto(second);
            Run two = ship(config, second, RECORDS, all, inputs);
            if (!two.problems().isEmpty()) {
                err.printf("self-test failed: after a restart on the same checkpoint directory, %,d lines were appended "
                        + "and the shipper sent %,d events: %s (%,d ms). Records of the first run sent again mean its "
                        + "checkpoint was not written or not loaded.%n", 3L * MORE_RECORDS, second.events(), two.problems(),
                        two.millis());
                return 1;
            }
            out.printf("self-test passed: %,d events from 3 inputs (raw + Java traces as envelopes, cri, docker) shipped "
                    + "and acknowledged in %,d ms; restarted on the same checkpoints, exactly the %,d appended lines "
                    + "shipped, each once, in %,d ms; /metrics read; %,d ms in all%n", 3L * RECORDS, one.millis(),
                    3L * MORE_RECORDS, two.millis(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return 0;
        }
    }

    /** One run's outcome: what is wrong (empty if nothing) and how long it took. */
    private record Run(String problems, long millis) {
    }

    /**
     * Starts a shipper, appends records [from, to) after its start when {@code appendTo} is given (else they are in the
     * files already), waits until each arrived (or the timeout), reads {@code /metrics} in a run that appends, and
     * stops it. The run is right when exactly those records arrived, once each, and the shipper drained.
     */
    private Run ship(ShipperConfig config, SelfTestEndpoint.Tally tally, int from, int to, SelfTestInputs appendTo)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Shipper shipper = new Shipper(config);
        boolean drained;
        String metrics = "";
        try {
            shipper.start(ENV, Clock.systemUTC());
            if (appendTo != null) {
                appendTo.append(from, to);
            }
            long deadline = started + TIMEOUT.toNanos();
            while (tally.missing(from, to) > 0 && System.nanoTime() - deadline < 0) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            if (appendTo != null) {
                metrics = metricsProblems(shipper.opsPort());
            }
        } finally {
            drained = shipper.stop(Duration.ofSeconds(10));
        }
        List<String> problems = new ArrayList<>();
        if (!tally.problems(from, to).isEmpty()) {
            problems.add(tally.problems(from, to));
        }
        if (!drained) {
            problems.add("the shipper did not drain");
        }
        if (!metrics.isEmpty()) {
            problems.add(metrics);
        }
        return new Run(String.join("; ", problems), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Reads {@code /metrics} once, as a scraper does: empty when it answered with the shipper's series and counts no
     * failed checkpoint write (the counter appears with the first failure).
     */
    private static String metricsProblems(int port) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(5_000);
        try {
            int status = c.getResponseCode();
            if (status != 200) {
                return "/metrics answered HTTP " + status;
            }
            String body;
            try (InputStream in = c.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!body.contains("\nlogshipper_events_sent_total ")) {
                return "/metrics has no logshipper_events_sent_total";
            }
            Matcher failures = CHECKPOINT_FAILURES.matcher(body);
            if (failures.find() && Double.parseDouble(failures.group(1)) != 0) {
                return "/metrics counts " + failures.group(1) + " failed checkpoint writes";
            }
            return "";
        } finally {
            c.disconnect();
        }
    }

    private static ShipperConfig config(Path dir, SelfTestInputs inputs, int port) throws IOException, ConfigException {
        String yaml = inputs.config() + """
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
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(ENV).load(file);
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
