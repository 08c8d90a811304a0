package dev.logshipper.tail;

import dev.logshipper.record.RejectReason;

import java.nio.file.Path;

/**
 * Everything the tailer can tell metrics about, as no-op defaults so the lead wires only what it exports.
 * Called on the reader thread unless noted; implementations must be cheap and must not block.
 * Counts arrive as deltas (add them up); per-file gauges (size, read and acknowledged offsets, lag) come
 * from {@link Tailer#files()} and the checkpoint age from {@link Tailer#checkpointAgeMillis()}.
 */
public interface TailListener {
    TailListener NONE = new TailListener() { };

    /** Complete lines (and split pieces, partial lines) handed to the record stage, and their bytes with terminators. */
    default void linesRead(String input, long lines, long bytes) { }

    /** NUL padding skipped at line starts (copytruncate with writers that do not use O_APPEND). */
    default void nulBytesSkipped(String input, long bytes) { }

    /** A line longer than {@code tail.maxLineBytes} was cut into {@code pieces} records. */
    default void longLineSplit(String input, int pieces) { }

    /** A last line without newline was emitted after {@code tail.partialLineTimeout} or at shutdown / end of a rotated file. */
    default void partialLineEmitted(String input) { }

    default void fileOpened(String input, Path path) { }

    default void fileClosed(String input, Path path) { }

    /** The path no longer leads to this file (renamed away or deleted); it is read to its end through its handle. */
    default void fileRotated(String input, Path path) { }

    /** The file shrank or its first bytes changed: reading restarts at 0 as a new generation. */
    default void fileTruncated(String input, Path path) { }

    /** After a truncation, the unread rest of the old content was found in a rotated copy ({@code app.log.1}). */
    default void truncatedRestRecovered(String input, Path copy, long bytes) { }

    /** Bytes that could not be read because they vanished (truncated without a copy, deleted while closed). */
    default void bytesLost(String input, Path path, long bytes) { }

    default void readError(String input, Path path, Exception error) { }

    /** A record was permanently rejected by the delivery stage; called on the sender thread. */
    default void recordRejected(String input, RejectReason reason) { }

    /** Checkpoint file written; called on the checkpoint thread. */
    default void checkpointWritten(int files, long tookNanos) { }

    /** Checkpoint write failed (it is retried every interval); called on the checkpoint thread. */
    default void checkpointFailed(Exception error) { }
}
