package dev.logshipper.record;

/**
 * The record stage's side of one tailed file (one truncation generation of it). The tailer calls it
 * from a single thread, in file order.
 *
 * <p>For every byte range it is given, the handler must eventually call {@link OffsetTracker#track}
 * exactly once for the range of each record it emits (a record built from several lines spans the first
 * line's start to the last line's end), and {@link OffsetTracker#skip} for ranges that produce no record.
 * Ranges held back (an open multiline record) are simply not tracked yet: the checkpoint waits for them.
 */
public interface LineHandler {

    /**
     * One complete line without its terminator ({@code \n}, and a preceding {@code \r} is kept as data).
     * {@code [startOffset, endOffset)} is the line's range in the file including the terminator.
     * The bytes are only valid during the call.
     */
    void onLine(byte[] buffer, int offset, int length, long startOffset, long endOffset);

    /**
     * New bytes of the file were read at {@code nowMillis} (wall clock); the lines among them follow. Records
     * without a timestamp of their own are stamped with this time, read once per read instead of once per line.
     */
    default void onRead(long nowMillis) {
    }

    /** Called regularly, also when no data arrives, so time-based flushes (multiline timeout) happen. */
    void onTick(long nowMillis);

    /** Emits everything held (shutdown, end of a rotated file, truncation). */
    void flush();
}
