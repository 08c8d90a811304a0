package dev.logshipper.e2e;

import dev.logshipper.testing.ShipperLauncher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The shipper as users run it: {@code java -jar target/log-shipper.jar --config FILE}, a separate OS process with its own
 * environment. Its stdout and stderr go to files in the test's directory so a failing test can show them.
 */
final class ShipperProcess implements AutoCloseable {

    private static final Pattern OPS_PORT = Pattern.compile("ops server listening on port (\\d+)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ShipperProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * The environment the end-to-end tests give the shipper: the test endpoint's credentials and the downward-API
     * variables a pod would set.
     */
    static Map<String, String> podEnvironment() {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", dev.logshipper.testing.TestSdkClients.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", dev.logshipper.testing.TestSdkClients.SECRET_KEY);
        env.put("POD_NAME", "web-7d4b9");
        env.put("POD_NAMESPACE", "shop");
        env.put("POD_UID", "0b7d1c2e-0000-4000-8000-000000000001");
        env.put("NODE_NAME", "fargate-ip-10-0-1-23.ec2.internal");
        return env;
    }

    static Path jar() {
        String jar = System.getProperty("shipper.jar", "target/log-shipper.jar");
        Path path = Path.of(jar);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("the shipper jar " + path.toAbsolutePath() + " is missing: run `./mvnw package` first");
        }
        return path;
    }

    /** The ops server on a free loopback port and a 20 s drain: the end of every test shipper's configuration. */
    static final String LOCAL_OPS_AND_SHUTDOWN = """
            server:
              bindAddress: 127.0.0.1
              port: 0
            shutdown:
              deadline: 20s
            """;

    /**
     * Writes {@code workDir/shipper.yaml} for a shipper that tails {@code logs/*.log} into {@code logGroup} at
     * {@code endpoint}, with its checkpoints and podinfo under {@code workDir}, an ops server on a free port and
     * {@code extraYaml} (top-level sections) appended; batching, in-flight and tail settings are the defaults.
     */
    static Path writeConfig(Path workDir, Path logs, java.net.URI endpoint, String logGroup, String extraYaml) throws IOException {
        String yaml = """
                inputs:
                  - name: app
                    include: ["%s/*.log"]
                output: cloudwatch
                cloudwatch:
                  region: us-east-1
                  endpoint: %s
                  logGroup: "%s"
                  logStream: "{pod_name}/{container_name}"
                checkpoint:
                  directory: %s/checkpoints
                kubernetes:
                  podInfoDirectory: %s/podinfo
                %s%s
                """.formatted(logs, endpoint, logGroup, workDir, workDir, LOCAL_OPS_AND_SHUTDOWN, extraYaml);
        Path config = workDir.resolve("shipper.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    /** {@link #start} with the pod environment and a small Serial-GC heap, as the rotation tests run it. */
    static ShipperProcess startSmall(Path config, Path workDir) throws IOException {
        return start(config, workDir, podEnvironment(), "-Xmx64m", "-XX:+UseSerialGC");
    }

    static ShipperProcess start(Path config, Path workDir, Map<String, String> env, String... jvmFlags) throws IOException {
        Path out = Files.createTempFile(workDir, "shipper-", ".stdout");
        Path err = Files.createTempFile(workDir, "shipper-", ".stderr");
        return new ShipperProcess(ShipperLauncher.start(jar(), List.of(jvmFlags), config, workDir, env, out, err), out, err);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM (what the kubelet sends) and waits for the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the shipper did not exit within " + timeout + " after SIGTERM; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** Sends {@code signal} (e.g. "TERM") through the kill command without waiting for anything. */
    void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** The process's resident set size (VmRSS) in bytes, or -1 once it has exited. */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kib = line.substring(6).trim();
                    return Long.parseLong(kib.substring(0, kib.indexOf(' '))) * 1024;
                }
            }
        } catch (IOException e) {
            // exited
        }
        return -1;
    }

    /** SIGKILL, sent through the kill command so it really is a signal from a separate process. */
    void kill() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor();
        process.waitFor();
    }

    int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the shipper did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** The ops server port the shipper logged, waiting for it to appear. */
    int opsPort() {
        int[] port = new int[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Matcher m = OPS_PORT.matcher(stderr());
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the shipper exited with " + process.exitValue() + "; stderr:\n" + stderr());
            }
            return false;
        });
        return port[0];
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
