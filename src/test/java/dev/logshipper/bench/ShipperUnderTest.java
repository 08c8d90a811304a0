package dev.logshipper.bench;

import dev.logshipper.testing.ShipperLauncher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shipper jar as a separate {@code java} process - the process measured. Its pid is the JVM's own (no shell in
 * between), so {@code /proc/<pid>} is the shipper. Output goes to files in the run directory.
 */
final class ShipperUnderTest implements AutoCloseable {

    private final Process process;
    private final long startedAtMillis;
    private final Path stderr;

    private ShipperUnderTest(Process process, long startedAtMillis, Path stderr) {
        this.process = process;
        this.startedAtMillis = startedAtMillis;
        this.stderr = stderr;
    }

    static ShipperUnderTest start(Path jar, List<String> jvmFlags, Path config, Path runDir, Map<String, String> env)
            throws IOException {
        Path err = runDir.resolve("shipper.stderr");
        long now = System.currentTimeMillis();
        Process process = ShipperLauncher.start(jar, jvmFlags, config, runDir, env, runDir.resolve("shipper.stdout"), err);
        return new ShipperUnderTest(process, now, err);
    }

    long pid() {
        return process.pid();
    }

    /** Wall-clock time just before the process was started. */
    long startedAtMillis() {
        return startedAtMillis;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the shipper logged that it started (files are being tailed). */
    void awaitStarted(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (stderr().contains(" started: ")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("the shipper exited with " + process.exitValue() + ":\n" + stderrTail());
            }
            Thread.sleep(10); // polling another process's log file: there is nothing to await on
        }
        throw new IOException("the shipper did not start within " + timeout + ":\n" + stderrTail());
    }

    /** SIGTERM, then the exit code (or -1 after a forced kill at the timeout). */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        process.waitFor();
        return -1;
    }

    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    String stderrTail() {
        String s = stderr();
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
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
