package dev.logshipper.tail;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the tailer reports, and the most descriptors it ever held at once. */
final class CountingListener implements TailListener {
    final AtomicLong nulBytes = new AtomicLong();
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger partials = new AtomicInteger();
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger rotations = new AtomicInteger();
    final AtomicInteger truncations = new AtomicInteger();
    final AtomicLong recovered = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    final AtomicInteger checkpoints = new AtomicInteger();

    @Override public void nulBytesSkipped(String input, long bytes) { nulBytes.addAndGet(bytes); }
    @Override public void longLineSplit(String input, int pieces) { cuts.addAndGet(pieces); }
    @Override public void partialLineEmitted(String input) { partials.incrementAndGet(); }
    @Override public void fileOpened(String input, Path path) {
        opens.incrementAndGet();
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    }
    @Override public void fileClosed(String input, Path path) { closes.incrementAndGet(); open.decrementAndGet(); }
    @Override public void fileRotated(String input, Path path) { rotations.incrementAndGet(); }
    @Override public void fileTruncated(String input, Path path) { truncations.incrementAndGet(); }
    @Override public void truncatedRestRecovered(String input, Path copy, long bytes) { recovered.addAndGet(bytes); }
    @Override public void bytesLost(String input, Path path, long bytes) { lost.addAndGet(bytes); }
    @Override public void checkpointWritten(int files, long tookNanos) { checkpoints.incrementAndGet(); }
}
