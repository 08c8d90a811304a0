package dev.logshipper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's real {@code logrotate}, forced to rotate one file with {@code copytruncate}, run on demand. */
final class Logrotate {

    static final Path BINARY = Path.of("/usr/sbin/logrotate");

    private final Path config;
    private final Path state;
    private int rotations;

    private Logrotate(Path config, Path state) {
        this.config = config;
        this.state = state;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static Logrotate copytruncate(Path runDir, Path log) throws IOException {
        if (!available()) {
            throw new IOException(BINARY + " is missing: apt-get install logrotate (.ci/run does)");
        }
        Path config = runDir.resolve("logrotate.conf");
        Files.writeString(config, """
                %s {
                    copytruncate
                    rotate 20
                    missingok
                    nocompress
                }
                """.formatted(log));
        return new Logrotate(config, runDir.resolve("logrotate.state"));
    }

    /** Rotates now ({@code -f}) and waits for logrotate to finish. */
    void rotate() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BINARY.toString(), "-f", "-s", state.toString(), config.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("logrotate failed: " + output);
        }
        rotations++;
    }

    int rotations() {
        return rotations;
    }
}
