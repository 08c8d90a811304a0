package dev.logshipper.checkpoint;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single owner of the checkpoint file: one thread that, every interval, reads each registered file's
 * watermark and rewrites the file when anything changed. Producers never write; they only
 * {@linkplain #put register} immutable {@link Slot}s (the reader thread, when a file is opened, truncated or
 * closed) while acknowledgements move the watermarks inside the slots' ledgers.
 */
public final class CheckpointWriter implements AutoCloseable {

    /** Metrics hooks; called on the writer thread. */
    public interface Listener {
        Listener NONE = new Listener() { };

        default void written(int entries, long tookNanos) { }

        default void failed(IOException error) { }
    }

    /**
     * One file identity as it should be persisted; the offset is read from the ledger at write time, and capped at
     * {@code limit} (a copy of a prefix of a generation shares that generation's ledger but holds only its own bytes).
     */
    public record Slot(FileKey key, int fingerprintLength, int fingerprintCrc, long generation, String path, String input,
            AckLedger ledger, long limit, String source) {
        public Slot {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(source, "source");
        }

        /** A file that is its own family's live path, persisted at its ledger's watermark. */
        public Slot(FileKey key, int fingerprintLength, int fingerprintCrc, long generation, String path, String input,
                AckLedger ledger) {
            this(key, fingerprintLength, fingerprintCrc, generation, path, input, ledger, Long.MAX_VALUE, path);
        }

        CheckpointEntry entry(long watermark) {
            return new CheckpointEntry(key.device(), key.inode(), fingerprintLength, fingerprintCrc, generation,
                    Math.min(watermark, limit), path, input, source);
        }
    }

    private static final System.Logger LOG = System.getLogger(CheckpointWriter.class.getName());
    private static final Comparator<CheckpointEntry> ENTRY_ORDER = Comparator.comparing(CheckpointEntry::path)
            .thenComparingLong(CheckpointEntry::device).thenComparingLong(CheckpointEntry::inode);

    private final CheckpointStore store;
    private final Duration interval;
    private final InstantSource clock;
    private final Listener listener;
    private final ConcurrentHashMap<FileKey, Slot> slots = new ConcurrentHashMap<>();
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition wake = wakeLock.newCondition();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long lastWriteMillis;
    private volatile long busySinceNanos; // 0 while waiting for the next interval
    /** Wall-clock millis when the directory listing that the slots reflect began (0: none yet). */
    private volatile long listedAtMillis;
    private List<CheckpointEntry> lastWritten = List.of();
    /** Each slot's watermark when {@link #lastWritten} was taken: unchanged slots and marks mean nothing to write. */
    private final Map<Slot, Long> lastWatermarks = new IdentityHashMap<>();
    private boolean failing;

    public CheckpointWriter(CheckpointStore store, Duration interval, InstantSource clock, Listener listener) {
        this.store = store;
        this.interval = interval;
        this.clock = clock;
        this.listener = listener;
        this.lastWriteMillis = clock.millis();
        this.thread = Thread.ofPlatform().name("log-shipper-checkpoint").daemon().unstarted(this::run);
    }

    /** Registers or replaces the slot of {@code slot.key()}. */
    public void put(Slot slot) {
        slots.put(slot.key(), slot);
    }

    /** Removes the slot of {@code key} only if it is still {@code expected} (a newer generation may have replaced it). */
    public void remove(FileKey key, Slot expected) {
        slots.remove(key, expected);
    }

    public Slot slot(FileKey key) {
        return slots.get(key);
    }

    /**
     * A directory listing that began at {@code wallMillis} is reflected in the slots: every file it found that the
     * tailer keeps has its slot. Call after putting them; the writer reads this before the slots, so a written file
     * never claims a listing whose slots it lacks.
     */
    public void listed(long wallMillis) {
        listedAtMillis = wallMillis;
    }

    public void start() {
        thread.start();
    }

    /** Wall-clock millis of the last successful write (or of construction): checkpoint age = now - this. */
    public long lastWriteMillis() {
        return lastWriteMillis;
    }

    /** Asks the writer thread to write soon (e.g. after a file was closed); cheap. */
    public void requestWrite() {
        wakeLock.lock();
        try {
            wake.signalAll();
        } finally {
            wakeLock.unlock();
        }
    }

    private void run() {
        while (!stopping) {
            wakeLock.lock();
            try {
                if (!stopping) {
                    wake.await(interval.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                wakeLock.unlock();
            }
            if (!stopping) {
                busySinceNanos = System.nanoTime() | 1;
                writeIfChanged(false);
                busySinceNanos = 0;
            }
        }
    }

    /** The writer thread (for liveness checks). */
    public Thread thread() {
        return thread;
    }

    /** {@link System#nanoTime()} when the current write began, or 0 while the thread waits for its next interval. */
    public long busySinceNanos() {
        return busySinceNanos;
    }

    /** Writes now on the caller's thread, changed or not (the tailer after its start-up recovery; tests). */
    public void writeNow() {
        writeIfChanged(true);
    }

    private synchronized void writeIfChanged(boolean force) {
        // Read before the slots (see listed()). A newer listing alone is no reason to write: an older listedAt with the
        // same entries only makes a restart treat more unknown files as new, and an idle shipper would write every scan.
        long listedAt = listedAtMillis;
        if (!force && !failing && unchangedSinceLastWrite()) {
            // The common idle case, checked without building, sorting and comparing 1,000 entries every second.
            lastWriteMillis = clock.millis(); // unchanged state is as fresh as a write
            return;
        }
        List<CheckpointEntry> entries = snapshot();
        if (!force && entries.equals(lastWritten)) {
            lastWriteMillis = clock.millis();
            return;
        }
        long began = System.nanoTime();
        try {
            store.write(entries, listedAt == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(listedAt)));
            lastWritten = entries;
            lastWriteMillis = clock.millis();
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "Checkpoint writes to {0} work again", store.file());
            }
            listener.written(entries.size(), System.nanoTime() - began);
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.ERROR, "Cannot write checkpoint {0}: {1}; retrying every {2}; a restart now "
                        + "re-sends more (never loses)", store.file(), e.toString(), interval);
            }
            listener.failed(e);
        }
    }

    private boolean unchangedSinceLastWrite() {
        if (slots.size() != lastWatermarks.size()) {
            return false;
        }
        for (Slot slot : slots.values()) {
            Long mark = lastWatermarks.get(slot);
            if (mark == null || mark != slot.ledger().watermark()) {
                return false;
            }
        }
        return true;
    }

    /**
     * What would be written now, sorted for stable output; remembers exactly the slots and watermarks it holds, for
     * {@link #unchangedSinceLastWrite}.
     */
    private List<CheckpointEntry> snapshot() {
        lastWatermarks.clear();
        List<CheckpointEntry> entries = new ArrayList<>(slots.size());
        for (Slot slot : slots.values()) {
            long watermark = slot.ledger().watermark();
            entries.add(slot.entry(watermark));
            lastWatermarks.put(slot, watermark);
        }
        entries.sort(ENTRY_ORDER);
        return entries;
    }

    /** Stops the thread and writes the final checkpoint on the caller's thread (the writer thread has ended). */
    @Override
    public void close() {
        stopping = true;
        requestWrite();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeIfChanged(true);
    }
}
