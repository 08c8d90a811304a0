package dev.logshipper.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The application side of the rotation workload: appends a prewritten source to the log at a fixed rate (10 ms slices
 * of whole lines, copied kernel-side so the writer takes little CPU from the shipper) and has logrotate rotate it with
 * copytruncate after each {@code rotateEveryBytes}. logrotate runs synchronously: no line is written between its copy
 * and its truncate, so every line ends up on disk (in the log or a copy) and the shipper must deliver all of them.
 *
 * <p>A rate of 0 writes at full speed. Then several rotations can happen between two looks of the shipper at the file,
 * and a generation that was written and rotated away in between is never seen by a tailer that follows the live file
 * and the one copy that holds its unread rest - the harness reports that as missing events.
 */
final class RotatingWriter {

    private static final long SLICE_NANOS = 10_000_000;

    private final Path source;
    private final Path log;
    private final long blockBytes;
    private final long bytesPerSecond;
    private final Logrotate logrotate;
    private long writeMillis;

    RotatingWriter(Path source, Path log, long blockBytes, long bytesPerSecond, Logrotate logrotate) {
        this.source = source;
        this.log = log;
        this.blockBytes = blockBytes;
        this.bytesPerSecond = bytesPerSecond;
        this.logrotate = logrotate;
    }

    void writeAll() throws IOException, InterruptedException {
        long start = System.nanoTime();
        long slice = bytesPerSecond <= 0 ? Long.MAX_VALUE
                : Math.max(Workload.LINE_BYTES, bytesPerSecond * SLICE_NANOS / 1_000_000_000L / Workload.LINE_BYTES
                * Workload.LINE_BYTES);
        // O_APPEND, as applications log: after a truncation the next write lands at the new end.
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long size = in.size();
            long position = 0;
            long nextSlice = start;
            while (position < size) {
                long blockEnd = lineEnd(in, Math.min(size, position + blockBytes));
                while (position < blockEnd) {
                    if (bytesPerSecond > 0) {
                        LockSupport.parkNanos(nextSlice - System.nanoTime()); // pacing to the next 10 ms slice
                        nextSlice += SLICE_NANOS;
                    }
                    long end = blockEnd - position <= slice ? blockEnd : position + slice;
                    while (position < end) {
                        position += in.transferTo(position, end - position, out);
                    }
                }
                logrotate.rotate();
            }
        }
        writeMillis = (System.nanoTime() - start) / 1_000_000;
    }

    long writeMillis() {
        return writeMillis;
    }

    /** {@code at}, or the end of the line it falls in (blocks end on a newline). */
    private static long lineEnd(FileChannel in, long at) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long p = at - 1; p < in.size(); p++) {
            one.clear();
            in.read(one, p);
            if (one.get(0) == '\n') {
                return p + 1;
            }
        }
        return in.size();
    }
}
