package dev.logshipper.tail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for the reader thread, run as its own process by the benchmark's wake-up measurement
 * ({@code bench/run.sh --wake-up-cost}): it follows one file with one {@link WakeSource}, waking and reading the new bytes
 * the way the reader loop does, so that the process's CPU is what the wake-ups cost, nothing else.
 *
 * <pre>WakeUpReader KIND FILE WINDOW_MILLIS</pre>
 * KIND: {@code inotify}, {@code watch-service} or {@code polling}. With events, it waits up to 500 ms (the reader's
 * longest wait when every file is watched) and reads what was reported; polling waits 1 ms after a read and twice as
 * long after each empty look, up to 100 ms, as the reader loop does. WINDOW_MILLIS &gt; 0: after a read, nothing is
 * looked at for that long (coalesced reading), so several writes are read at once. Prints {@code ready} once watching;
 * each line on standard input is answered with {@code wake-ups N bytes M}; the process ends when standard input closes.
 */
public final class WakeUpReader {

    private static final long EVENT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final WakeSource source;
    private final FileChannel channel;
    private final Path file;
    private final long windowNanos;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    private final AtomicLong wakeUps = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private long position;

    private WakeUpReader(WakeSource source, Path file, long windowNanos) throws IOException {
        this.source = source;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.windowNanos = windowNanos;
    }

    public static void main(String[] args) throws Exception {
        WakeSources.Kind kind = WakeSources.Kind.valueOf(args[0].toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        WakeUpReader reader = new WakeUpReader(WakeSources.open(kind), Path.of(args[1]),
                TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2])));
        reader.source.watch(Set.of(reader.file.getParent()));
        Thread loop = Thread.ofPlatform().name("log-shipper-tail").daemon().start(reader::run);
        System.out.println("ready"); // protocol output to the parent process
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        while (in.readLine() != null) {
            System.out.println("wake-ups " + reader.wakeUps.get() + " bytes " + reader.bytes.get());
        }
        loop.interrupt();
    }

    private void run() {
        boolean events = source.covers(file);
        long pollNanos = MIN_POLL_NANOS;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                source.await(events ? EVENT_WAIT_NANOS : pollNanos);
                wakeUps.incrementAndGet();
                source.takeRescan();
                Set<Path> modified = source.takeModified();
                boolean read = (!events || modified.contains(file)) && readNew();
                if (read && windowNanos > 0) {
                    LockSupport.parkNanos(windowNanos); // the coalescing window: nothing to wait for but time
                }
                pollNanos = read ? MIN_POLL_NANOS : Math.min(pollNanos * 2, MAX_POLL_NANOS);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean readNew() throws IOException {
        long size = channel.size();
        boolean any = false;
        while (position < size) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                break;
            }
            position += n;
            bytes.addAndGet(n);
            any = true;
        }
        return any;
    }
}
