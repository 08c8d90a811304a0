package dev.logshipper.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The real {@code /usr/sbin/logrotate}, run as the current user with a generated config and its own state file
 * ({@code -s}), again and again while {@code keepGoing} holds, as a cron loop or a logrotate sidecar would.
 *
 * <p>After every run it looks at the directory: a new inode at {@code <log>.1} is a rotation (counted, and handed to
 * {@code afterRotation} before the next run, while the copy is certainly still there), and a file whose inode was
 * seen before with other first line is an inode reuse (logrotate deleted the oldest file and a new file got its
 * inode; counted, so a run shows the shipper's fingerprint guard was exercised).
 */
final class LogrotateLoop {
    static final Path LOGROTATE = Path.of("/usr/sbin/logrotate");

    interface AfterRotation {
        void rotated(Path firstCopy) throws IOException;
    }

    private final Path config;
    private final Path state;
    private final Path log;
    private final Duration pause;
    private final boolean liveFileIsRewritten;
    private final NumberedLines lines;
    private final AfterRotation afterRotation;
    private final Map<Object, Integer> firstLineByInode = new HashMap<>();
    private volatile int runs;
    private volatile int rotations;
    private volatile int inodeReuses;
    private volatile Throwable failure;
    private Thread thread;

    /**
     * @param liveFileIsRewritten copytruncate: the live file's first line changes at every rotation, which is not a
     *        reuse
     */
    LogrotateLoop(Path config, Path state, Path log, Duration pause, boolean liveFileIsRewritten, NumberedLines lines,
            AfterRotation afterRotation) {
        this.config = config;
        this.state = state;
        this.log = log;
        this.pause = pause;
        this.liveFileIsRewritten = liveFileIsRewritten;
        this.lines = lines;
        this.afterRotation = afterRotation;
    }

    /** Writes the config for {@code log}: {@code size}, {@code rotate}, the mode and the extra directives. */
    static Path writeConfig(Path file, Path log, String size, int keep, String mode, String... extra) throws IOException {
        StringBuilder text = new StringBuilder(log + " {\n  size " + size + "\n  rotate " + keep + "\n  " + mode
                + "\n  missingok\n");
        for (String directive : extra) {
            text.append("  ").append(directive).append('\n');
        }
        text.append("}\n");
        Files.writeString(file, text.toString());
        return file;
    }

    void start(BooleanSupplier keepGoing) {
        thread = Thread.ofPlatform().name("logrotate-loop").start(() -> run(keepGoing));
    }

    void join() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw new AssertionError("the logrotate loop failed", failure);
        }
    }

    int runs() {
        return runs;
    }

    int rotations() {
        return rotations;
    }

    int inodeReuses() {
        return inodeReuses;
    }

    private void run(BooleanSupplier keepGoing) {
        Path firstCopy = log.resolveSibling(log.getFileName() + ".1");
        try {
            Object copyInode = inode(firstCopy);
            while (keepGoing.getAsBoolean()) {
                Process process = new ProcessBuilder(LOGROTATE.toString(), "-s", state.toString(), config.toString())
                        .redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("logrotate failed: " + output);
                }
                runs++;
                Object now = inode(firstCopy);
                if (now != null && !now.equals(copyInode)) {
                    rotations++;
                    afterRotation.rotated(firstCopy);
                }
                copyInode = now;
                noteInodes();
                LockSupport.parkNanos(pause.toNanos());
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void noteInodes() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(log.getParent())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.startsWith(log.getFileName().toString()) || name.endsWith(".gz")
                        || (liveFileIsRewritten && file.equals(log))) {
                    continue;
                }
                Object inode = inode(file);
                int first = firstLine(file);
                if (inode == null || first < 0) {
                    continue;
                }
                Integer before = firstLineByInode.put(inode, first);
                if (before != null && before != first) {
                    inodeReuses++;
                }
            }
        }
    }

    private int firstLine(Path file) {
        byte[] bytes = new byte[lines.lineBytes()];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(bytes, 0, bytes.length);
            return n == bytes.length && bytes[n - 1] == '\n' ? lines.parse(bytes, 0, n - 1) : -1;
        } catch (IOException e) {
            return -1; // rotated away meanwhile
        }
    }

    private static Object inode(Path file) {
        try {
            return Files.getAttribute(file, "unix:ino");
        } catch (IOException e) {
            return null;
        }
    }

    static boolean installed() {
        return Files.isExecutable(LOGROTATE);
    }
}
