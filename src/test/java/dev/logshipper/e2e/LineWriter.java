package dev.logshipper.e2e;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An application writing numbered lines at a fixed rate for a fixed time: batches of whole lines, each batch one
 * {@code write(2)} on an {@code O_APPEND} descriptor (so after a copytruncate it continues at the new end instead
 * of leaving a hole of NULs). With {@code reopen} it behaves like an app told to reopen its log after a rename
 * rotation (a {@code postrotate} signal): it notices the new file only at its next check, so some lines still go
 * to the renamed file after the rotation - the case the shipper must follow to the renamed file's end.
 *
 * <p>{@link #written()} is the writer's record: every line below it was written completely.
 */
final class LineWriter {
    private final Path log;
    private final NumberedLines lines;
    private final int linesPerSecond;
    private final int batchLines;
    private final Duration runFor;
    private final boolean reopen;
    private final long reopenCheckNanos;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger reopens = new AtomicInteger();
    private volatile Throwable failure;
    private Thread thread;

    LineWriter(Path log, NumberedLines lines, int linesPerSecond, int batchLines, Duration runFor, boolean reopen,
            Duration reopenCheck) {
        this.log = log;
        this.lines = lines;
        this.linesPerSecond = linesPerSecond;
        this.batchLines = batchLines;
        this.runFor = runFor;
        this.reopen = reopen;
        this.reopenCheckNanos = reopenCheck.toNanos();
    }

    void start() {
        thread = Thread.ofPlatform().name("line-writer").start(this::run);
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** Waits for the writer's time to run out; fails if the writer failed. */
    int join() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw new AssertionError("the writer failed", failure);
        }
        return written.get();
    }

    int written() {
        return written.get();
    }

    /** How often the app reopened its log after a rename rotation. */
    int reopens() {
        return reopens.get();
    }

    private void run() {
        byte[] batch = new byte[batchLines * lines.lineBytes()];
        long start = System.nanoTime();
        long end = start + runFor.toNanos();
        long nextCheck = start + reopenCheckNanos;
        try {
            OutputStream out = new FileOutputStream(log.toFile(), true);
            Object inode = Files.getAttribute(log, "unix:ino");
            int next = 0;
            while (System.nanoTime() - end < 0) {
                for (int i = 0; i < batchLines; i++) {
                    lines.write(next + i, batch, i * lines.lineBytes());
                }
                out.write(batch);
                next += batchLines;
                written.set(next);
                if (reopen && System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + reopenCheckNanos;
                    try {
                        Object now = Files.getAttribute(log, "unix:ino");
                        if (!now.equals(inode)) {
                            out.close();
                            out = new FileOutputStream(log.toFile(), true);
                            inode = now;
                            reopens.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // between logrotate's rename and its create: keep writing to the renamed file
                    }
                }
                long due = start + (long) next * TimeUnit.SECONDS.toNanos(1) / linesPerSecond;
                LockSupport.parkNanos(due - System.nanoTime());
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }
}
