package dev.logshipper.parse;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.OffsetTracker;

/**
 * Hands the file's byte ranges to the {@link OffsetTracker} in file order, with no gap and no overlap,
 * even though the stdout and stderr records of a CRI/Docker file interleave and finish out of order.
 *
 * <p>Each line's range is assigned to an owner (the {@link AckSet} of the record or partial line it
 * belongs to). Consecutive lines of the same owner form one open run; the run is tracked (and its
 * acknowledgement added to the owner) as soon as a line of another owner arrives, or when the owner's
 * record is emitted. Only one run is open at a time, so track/skip calls are strictly increasing in the
 * file. In the common case (one stream) a record is exactly one run and one {@code track} call for
 * {@code [first line start, last line end)}. A record whose lines are interleaved with another stream's
 * is tracked as several runs, and its acknowledgement fans out to each.
 */
final class RangeLedger {

    private final OffsetTracker tracker;
    private AckSet openOwner;
    private long openStart;
    private long openEnd;

    RangeLedger(OffsetTracker tracker) {
        this.tracker = tracker;
    }

    /** The line {@code [start, end)} belongs to {@code owner}. */
    void assign(AckSet owner, long start, long end) {
        if (owner == openOwner && start == openEnd) {
            openEnd = end;
            return;
        }
        closeOpenRun();
        openOwner = owner;
        openStart = start;
        openEnd = end;
    }

    /** A partial line became part of a record: the record takes over its ranges (and its open run). */
    void moveInto(AckSet from, AckSet into) {
        into.takeAll(from);
        if (openOwner == from) {
            openOwner = into;
        }
    }

    /** The owner's record is complete: tracks its open run, if any, and returns its acknowledgement. */
    Acknowledgement finish(AckSet owner) {
        if (openOwner == owner) {
            closeOpenRun();
        }
        return owner.combined();
    }

    /**
     * The owner produced nothing (a blank line): its open run is skipped and any run already tracked is
     * acknowledged at once, since there is nothing to deliver.
     */
    void discard(AckSet owner) {
        if (openOwner == owner) {
            tracker.skip(openStart, openEnd);
            openOwner = null;
        }
        if (!owner.isEmpty()) {
            owner.combined().delivered();
        }
    }

    /** A line that belongs to nobody: marked done in order. */
    void skip(long start, long end) {
        closeOpenRun();
        tracker.skip(start, end);
    }

    private void closeOpenRun() {
        if (openOwner != null) {
            openOwner.add(tracker.track(openStart, openEnd));
            openOwner = null;
        }
    }
}
