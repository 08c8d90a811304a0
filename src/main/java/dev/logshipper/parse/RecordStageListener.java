package dev.logshipper.parse;

import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.multiline.FlushReason;

/**
 * Counts of the parse/multiline stage, for metrics. Every method has a no-op default; implementations
 * must be cheap and may be called from several tailer threads (one assembler per file).
 */
public interface RecordStageListener {

    /** One complete line was given to the stage. */
    default void lineIn(Format format) { }

    /** One record was handed to the enrich stage; it holds {@code lines} logical lines. */
    default void recordOut(Format format, int lines) { }

    /** A record of more than one line was emitted (also reported through {@link #recordOut}). */
    default void multilineJoined(int lines) { }

    /**
     * A record was completed for a reason other than a normal boundary: a size limit
     * ({@link FlushReason#MAX_LINES}, {@link FlushReason#MAX_BYTES}), the flush timeout
     * ({@link FlushReason#TIMEOUT}) or an explicit flush ({@link FlushReason#FLUSH}). The record was emitted.
     */
    default void recordFlushed(FlushReason reason) { }

    /** A line was not valid in the input's format and was shipped raw. */
    default void parseFailure(Format format) { }

    /** A time was present in a line but did not parse; the record gets the read time instead. */
    default void timestampUnparsable(Format format) { }

    /** A line held {@code replacements} invalid UTF-8 sequences, each replaced by U+FFFD. */
    default void invalidUtf8Replaced(int replacements) { }

    /** NUL bytes at the start of a line were removed (the hole a copytruncate leaves behind). */
    default void leadingNulsStripped(int bytes) { }

    /** A CRI/Docker partial line reached the record size limit and was cut into several lines. */
    default void partialLineSplit(Format format) { }

    /** {@code pieces} CRI/Docker partial pieces were joined into one line. */
    default void partialLinesJoined(Format format, int pieces) { }

    /** A blank line produced no record (its range was marked done). */
    default void blankLineSkipped(Format format) { }

    /** The tailer thread was interrupted while handing a record over; the record is not acknowledged and will be re-read. */
    default void recordAbandoned() { }

    /** Ignores everything. */
    RecordStageListener NONE = new RecordStageListener() { };
}
