package dev.logshipper.record;

/**
 * Given to the record stage by the tailer, one per file generation: turns an emitted record's byte range
 * into the {@link Acknowledgement} that later lets the checkpoint move past it.
 */
public interface OffsetTracker {

    /** Registers a record spanning {@code [startOffset, endOffset)}; the returned ack must be attached to its event. */
    Acknowledgement track(long startOffset, long endOffset);

    /** Marks {@code [startOffset, endOffset)} as done without a record (empty line, filtered, NUL padding). */
    void skip(long startOffset, long endOffset);

    /** A tracker for input nobody checkpoints. */
    OffsetTracker NONE = new OffsetTracker() {
        @Override public Acknowledgement track(long startOffset, long endOffset) { return Acknowledgement.NONE; }
        @Override public void skip(long startOffset, long endOffset) { }
    };
}
