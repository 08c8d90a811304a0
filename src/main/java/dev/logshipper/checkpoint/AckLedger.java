package dev.logshipper.checkpoint;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.OffsetTracker;
import dev.logshipper.record.RejectReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

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
 * is one release-store on its own entry and a counter increment (no allocation); every {@value #FOLD_EVERY}th also
 * folds the done prefix if the lock is free. Registration and watermark advancement share that lock, which is
 * practically uncontended. The ring holds the records in flight, not all since the last checkpoint: registrations
 * and acknowledgements both fold the done prefix.
 */
public final class AckLedger implements OffsetTracker {

    /** Told about permanently rejected records (they count as done: the loss is counted there, not here). */
    @FunctionalInterface
    public interface RejectionListener {
        RejectionListener NONE = reason -> { };

        void rejected(RejectReason reason);
    }

    /**
     * How often acknowledgements fold the ledger themselves. Registration folds too, but a file whose records are all
     * in flight registers nothing until the reader comes back to it: with many files read in turn, each ledger would
     * hold a whole read buffer of acknowledged entries, hundreds of thousands in all, more than a small heap holds.
     */
    private static final int FOLD_EVERY = 64;

    private final RejectionListener rejections;
    private final ReentrantLock lock = new ReentrantLock();
    /** Acknowledgements so far (modulo overflow): every {@link #FOLD_EVERY}th one tries to fold the done prefix. */
    private final AtomicInteger acknowledged = new AtomicInteger();

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
        lock.lock();
        try {
            insert(entry);
        } finally {
            lock.unlock();
        }
        return entry;
    }

    @Override
    public void skip(long startOffset, long endOffset) {
        lock.lock();
        try {
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
        } finally {
            lock.unlock();
        }
    }

    /**
     * Advances over the done prefix and returns the end of the longest contiguous done run: everything below
     * it may be checkpointed. Never decreases.
     */
    public long watermark() {
        lock.lock();
        try {
            advance();
            return watermark;
        } finally {
            lock.unlock();
        }
    }

    /** The watermark as last computed by any caller of {@link #watermark()}; never blocks. */
    public long lastWatermark() {
        return published;
    }

    /** Registered ranges not yet folded into the watermark (pending, or done but behind a gap). */
    public int pendingRanges() {
        lock.lock();
        try {
            advance();
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Entries held, without folding (tests: they must be the records in flight, not those since the last checkpoint). */
    int held() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Called after each acknowledgement (any thread): now and then folds, unless the lock is busy (then the next one). */
    private void done() {
        if (acknowledged.incrementAndGet() % FOLD_EVERY == 0 && lock.tryLock()) {
            try {
                advance();
            } finally {
                lock.unlock();
            }
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
        // Fold the done prefix first (amortised O(1) per record): otherwise the ring keeps every record since the last
        // checkpoint (a whole checkpoint interval of input, at full speed more than the heap holds), or with many files
        // a full ring each, instead of just the records still in flight.
        advance();
        if (size == ring.length) {
            grow();
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
            ledger.done();
        }

        @Override
        public void rejected(RejectReason reason) {
            STATE.setRelease(this, REJECTED);
            ledger.rejections.rejected(reason);
            ledger.done();
        }

        @Override
        public String toString() {
            return "[" + start + "," + end + ")=" + Arrays.asList("pending", "delivered", "rejected", "skipped").get(stateAcquire());
        }
    }
}
