package dev.logshipper.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends 200-byte lines to a file at a fixed rate, in 10 ms slices, each line stamped with the wall-clock time (epoch
 * microseconds) taken just before its slice is written - the time the application "logged" it. The endpoint compares
 * the stamp with its own clock at acceptance ({@code LatencyHistogram}).
 */
final class PacedWriter {

    private static final long SLICE_NANOS = 10_000_000;

    private final Path file;
    private final long bytesPerSecond;
    private final LineFactory lines = new LineFactory(11);
    private long seq;
    private long bytes;
    private long writingNanos;

    PacedWriter(Path file, long bytesPerSecond) {
        this.file = file;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Writes at the rate for {@code duration}; {@code stamped} false writes warm-up lines the histogram ignores. */
    void write(Duration duration, boolean stamped) throws IOException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long due = bytes; // bytes that should have been written by now
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            for (long slice = start; slice < end; slice += SLICE_NANOS) {
                LockSupport.parkNanos(slice - System.nanoTime()); // pacing: the next slice's start time
                due += bytesPerSecond * SLICE_NANOS / 1_000_000_000L;
                long stamp = LineFactory.epochMicrosNow();
                java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream((int) (due - bytes) + 256);
                long chunkBytes = 0;
                while (bytes + chunkBytes + Workload.LINE_BYTES <= due) {
                    byte[] line = stamped ? lines.stampedLine(stamp, seq, Workload.LINE_BYTES)
                            : lines.unstampedLine(seq, Workload.LINE_BYTES);
                    chunk.write(line);
                    chunkBytes += line.length;
                    seq++;
                }
                chunk.writeTo(out);
                out.flush();
                bytes += chunkBytes;
            }
        }
        writingNanos += System.nanoTime() - start;
    }

    WorkloadFiles.Written written() {
        return new WorkloadFiles.Written(bytes, seq);
    }

    double achievedMiBPerSecond() {
        return bytes / (double) (1 << 20) / (writingNanos / 1e9);
    }
}
