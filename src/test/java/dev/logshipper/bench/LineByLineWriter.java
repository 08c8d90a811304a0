package dev.logshipper.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends 200-byte lines to a file at a steady rate the way an application logs: every line is its own {@code write(2)}
 * on a file opened for appending, at the moment it is due (line {@code i} at {@code start + i * interval}; late lines
 * are written at once, one by one). Runs on its own thread from {@link #start} to {@link #stop}. Lines written while
 * {@link #stamping} is on carry the wall-clock time (epoch microseconds) taken just before their write, which the endpoint
 * compares with its clock at acceptance; the others (warm-up) carry none.
 */
final class LineByLineWriter {

    /** Closer than this to a line's due time, the writer does not park (a park costs about that much). */
    private static final long SPIN_NANOS = 50_000;

    private final Path file;
    private final long intervalNanos;
    private final LineFactory lines = new LineFactory(13);
    private final Thread thread;
    private volatile boolean stamping;
    private volatile boolean stopping;
    private volatile IOException failure;
    private volatile long lineCount;
    private volatile long byteCount;
    private long startNanos;
    private long stopNanos;

    LineByLineWriter(Path file, long bytesPerSecond) {
        this.file = file;
        this.intervalNanos = Workload.LINE_BYTES * 1_000_000_000L / bytesPerSecond;
        this.thread = Thread.ofPlatform().name("line-by-line-writer").daemon().unstarted(this::run);
    }

    void start() {
        startNanos = System.nanoTime();
        thread.start();
    }

    /** From now on, lines carry a latency stamp (or, with false, no longer do). */
    void stamping(boolean on) {
        stamping = on;
    }

    /** Stops after the current line; throws what writing failed with. */
    void stop() throws IOException, InterruptedException {
        stopping = true;
        thread.join();
        stopNanos = System.nanoTime();
        if (failure != null) {
            throw failure;
        }
    }

    private void run() {
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            long start = System.nanoTime();
            long bytes = 0;
            for (long i = 0; !stopping; i++) {
                long wait = start + i * intervalNanos - System.nanoTime();
                if (wait > SPIN_NANOS) {
                    LockSupport.parkNanos(wait); // pacing: nothing to wait for but the line's due time
                }
                byte[] line = stamping ? lines.stampedLine(LineFactory.epochMicrosNow(), i, Workload.LINE_BYTES)
                        : lines.unstampedLine(i, Workload.LINE_BYTES);
                out.write(line);
                bytes += line.length;
                byteCount = bytes;
                lineCount = i + 1;
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e);
        }
    }

    /** Lines and bytes written so far. */
    WorkloadFiles.Written written() {
        return new WorkloadFiles.Written(byteCount, lineCount);
    }

    /** KiB per second achieved from start to stop (the target rate unless the machine fell behind). */
    double achievedKiBPerSecond() {
        if (stopNanos == 0) {
            throw new UncheckedIOException(new IOException("the writer has not stopped"));
        }
        return byteCount / 1024.0 / ((stopNanos - startNanos) / 1e9);
    }
}
