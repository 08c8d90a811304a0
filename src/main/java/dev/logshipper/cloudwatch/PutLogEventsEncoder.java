package dev.logshipper.cloudwatch;

import dev.logshipper.bytes.JsonByteWriter;

import java.nio.charset.StandardCharsets;

/**
 * Encodes a {@link Batch} as the PutLogEvents JSON body straight from the events' UTF-8 bytes, in the member order the
 * SDK's marshaller uses ({@code logGroupName}, {@code logStreamName}, {@code logEvents}).
 *
 * <p>Why not the modeled client: it builds one {@code InputLogEvent} object and one {@code String} per event, and
 * marshals each; here runs of bytes that need no escaping are bulk-copied ({@link JsonByteWriter#writeWireString}).
 * Messages are well-formed UTF-8 by contract (the record stage repairs what is not), so they are not validated again.
 * Not thread-safe: the transport lends one encoder to one call at a time. The buffer is reused and grows with the
 * batches; after a run of encodes that needed under a quarter of it (a backlog ended, a trickle is left) it shrinks
 * back, so that megabytes a burst needed are not kept for the days that follow.
 */
final class PutLogEventsEncoder {

    private static final byte[] GROUP = ascii("{\"logGroupName\":");
    private static final byte[] STREAM = ascii(",\"logStreamName\":");
    private static final byte[] EVENTS = ascii(",\"logEvents\":[");
    private static final byte[] TIMESTAMP = ascii("{\"timestamp\":");
    private static final byte[] MESSAGE = ascii(",\"message\":");
    private static final byte[] END = ascii("]}");

    private static final int INITIAL_BYTES = 64 * 1024;
    /** Encodes in a row that needed under a quarter of the buffer before it shrinks to twice what they needed. */
    static final int SHRINK_AFTER = 16;

    private final JsonByteWriter out = new JsonByteWriter(INITIAL_BYTES);
    private int smallInARow;
    private int largestRecent;

    /** Encodes the batch; the result is valid until the next call. */
    byte[] encode(Batch batch) {
        out.reset();
        // Worst case a message of control characters grows 6x; reserve for the typical case and grow on demand.
        int expected = (int) Math.min(Integer.MAX_VALUE - 16, batch.accountedBytes() + 64L * batch.count() + 1024);
        shrinkIfOversized(expected);
        out.reserve(expected);
        out.writeRaw(GROUP);
        out.writeString(batch.destination.logGroup());
        out.writeRaw(STREAM);
        out.writeString(batch.destination.logStream());
        out.writeRaw(EVENTS);
        for (int i = 0; i < batch.count(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            out.writeRaw(TIMESTAMP);
            writeTimestamp(batch.timestamp(i));
            out.writeRaw(MESSAGE);
            out.writeWireString(batch.message(i), batch.offset(i), batch.length(i));
            out.writeByte('}');
        }
        out.writeRaw(END);
        return out.buffer();
    }

    /** Called with the writer empty: a buffer replaced now costs no copy. */
    private void shrinkIfOversized(int expected) {
        int capacity = out.capacity();
        if (capacity <= INITIAL_BYTES || expected >= capacity / 4) {
            smallInARow = 0;
            largestRecent = 0;
            return;
        }
        largestRecent = Math.max(largestRecent, expected);
        if (++smallInARow >= SHRINK_AFTER) {
            int target = Math.max(INITIAL_BYTES, 2 * largestRecent);
            out.reset(target, target);
            smallInARow = 0;
            largestRecent = 0;
        }
    }

    /** The buffer's size now (tests). */
    int capacity() {
        return out.capacity();
    }

    /** Length of the last encoded body in {@link #encode}'s array. */
    int size() {
        return out.size();
    }

    /** A copy of the last encoded body (tests, the modeled-client comparison). */
    byte[] copy() {
        return out.toByteArray();
    }

    /**
     * Timestamps repeat: a busy file has hundreds of lines per millisecond, so the digits of the last one are kept and
     * copied instead of dividing by ten thirteen times per event.
     */
    private void writeTimestamp(long v) {
        if (v == lastTimestamp) {
            out.writeRaw(lastDigits, 0, lastDigitCount);
            return;
        }
        int start = out.size();
        out.writeLong(v);
        lastDigitCount = out.size() - start;
        System.arraycopy(out.buffer(), start, lastDigits, 0, lastDigitCount);
        lastTimestamp = v;
    }

    private long lastTimestamp = Long.MIN_VALUE;
    private final byte[] lastDigits = new byte[20];
    private int lastDigitCount;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
