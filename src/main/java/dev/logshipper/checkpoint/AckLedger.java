package dev.logshipper.checkpoint;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.OffsetTracker;
import dev.logshipper.record.RejectReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The acknowledgement ledger of one file generation: the {@link OffsetTracker} handed to the record stage.
 *
 * <p>Its {@linkplain #watermark() watermark} is the end of the longest <em>contiguous</em> run of byte ranges,
 * starting at the generation's base offset, that are all done (delivered, permanently rejected, or skipped).
 * Ranges may be registered out of offset order (a stderr record can be emitted before an older stdout record
 * that is still being joined), so "the highest acknowledged end" would be wrong: bytes that were never
 * registered, or whose record is still being retried, always stop the watermark.
 *
 * <p>Threading: {@link #track} and {@link #skip} are called by the reader thread; acknowledgements arrive on
 * sender threads; {@link #watermark()} is called by the checkpoint writer and the reader. An acknowledgement
 * is one release-store on its own entry (no lock, no allocation). Registration and watermark advancement share
 * a lock that is practically uncontended (the checkpoint writer takes it once per interval). The ring holds the
 * records in flight, not all since the last checkpoint: a full ring folds its done prefix before it grows.
 */
public final class AckLedger implements OffsetTracker {

    /** Told about permanently rejected records (they count as done: the loss is counted there, not here). */
    @FunctionalInterface
    public interface RejectionListener {
        RejectionListener NONE = reason -> { };

        void rejected(RejectReason reason);
    }

    private final RejectionListener rejections;
    private final Object lock = new Object();

    // Guarded by lock: pending entries sorted by start offset, kept in a ring (head .. head+size).
    private Entry[] ring = new Entry[64];
    private int head;
    private int size;
    private long watermark;

    /** Last computed watermark, readable without the lock. */
    private volatile long published;

    public AckLedger(long baseOffset, RejectionListener rejections) {
        this.watermark = baseOffset;
        this.published = baseOffset;
        this.rejections = rejections;
    }

    public AckLedger(long baseOffset) {
        this(baseOffset, RejectionListener.NONE);
    }

    @Override
    public Acknowledgement track(long startOffset, long endOffset) {
        Entry entry = new Entry(this, startOffset, endOffset);
        synchronized (lock) {
            insert(entry);
        }
        return entry;
    }

    @Override
    public void skip(long startOffset, long endOffset) {
        synchronized (lock) {
            if (size == 0 && startOffset <= watermark) {
                // The common case (nothing pending before it): no entry needed.
                if (endOffset > watermark) {
                    watermark = endOffset;
                    published = endOffset;
                }
                return;
            }
            Entry entry = new Entry(this, startOffset, endOffset);
            entry.state = Entry.SKIPPED;
            insert(entry);
        }
    }

    /**
     * Advances over the done prefix and returns the end of the longest contiguous done run: everything below
     * it may be checkpointed. Never decreases.
     */
    public long watermark() {
        synchronized (lock) {
            advance();
            return watermark;
        }
    }

    /** The watermark as last computed by any caller of {@link #watermark()}; never blocks. */
    public long lastWatermark() {
        return published;
    }

    /** Registered ranges not yet folded into the watermark (pending, or done but behind a gap). */
    public int pendingRanges() {
        synchronized (lock) {
            advance();
            return size;
        }
    }

    /** Slots in the ring (tests: it must follow the records in flight, not the records since the last checkpoint). */
    int capacity() {
        synchronized (lock) {
            return ring.length;
        }
    }

    private void advance() {
        long w = watermark;
        while (size > 0) {
            Entry first = ring[head];
            if (first.start > w || first.stateAcquire() == Entry.PENDING) {
                break;
            }
            w = Math.max(w, first.end);
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            size--;
        }
        watermark = w;
        published = w;
    }

    /** Keeps the ring sorted by start; appends are O(1), an out-of-order range shifts the few entries after it. */
    private void insert(Entry entry) {
        if (size == ring.length) {
            // Fold the done prefix first: otherwise the ring keeps every record since the last checkpoint (a second of
            // input: 400,000 entries at 80 MiB/s, which filled a 64 MiB heap), not just the ones still in flight.
            advance();
            if (size == ring.length) {
                grow();
            }
        }
        int mask = ring.length - 1;
        int pos = size;
        while (pos > 0 && ring[(head + pos - 1) & mask].start > entry.start) {
            ring[(head + pos) & mask] = ring[(head + pos - 1) & mask];
            pos--;
        }
        ring[(head + pos) & mask] = entry;
        size++;
    }

    private void grow() {
        Entry[] bigger = new Entry[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        return "AckLedger[watermark=" + published + "]";
    }

    /** One registered range; it is also the record's acknowledgement. */
    private static final class Entry implements Acknowledgement {
        static final int PENDING = 0;
        static final int DELIVERED = 1;
        static final int REJECTED = 2;
        static final int SKIPPED = 3;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Entry.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final AckLedger ledger;
        final long start;
        final long end;
        int state;

        Entry(AckLedger ledger, long start, long end) {
            this.ledger = ledger;
            this.start = start;
            this.end = end;
        }

        int stateAcquire() {
            return (int) STATE.getAcquire(this);
        }

        @Override
        public void delivered() {
            STATE.setRelease(this, DELIVERED);
        }

        @Override
        public void rejected(RejectReason reason) {
            STATE.setRelease(this, REJECTED);
            ledger.rejections.rejected(reason);
        }

        @Override
        public String toString() {
            return "[" + start + "," + end + ")=" + Arrays.asList("pending", "delivered", "rejected", "skipped").get(stateAcquire());
        }
    }
}
