package dev.logshipper.record;

import java.util.Map;

/**
 * A record after format parsing and multiline joining, before enrichment: the message bytes (valid
 * UTF-8), the timestamp the line carried (or {@link #NO_TIMESTAMP}), the container stream it came from
 * ({@code stdout}/{@code stderr}, or null when the format has none), and the other fields of a JSON line
 * (empty for other formats). {@code [startOffset, endOffset)} covers all of its lines in the file.
 *
 * <p>The message is {@code message[0, messageLength)}. The record stage hands over its own reused buffer (no copy per
 * record): the bytes are valid only during {@link RecordSink#accept}; a sink that keeps them copies them
 * ({@link #messageCopy()}).
 */
public record ParsedRecord(
        byte[] message,
        int messageLength,
        long timestampMillis,
        String stream,
        Map<String, Object> fields,
        long startOffset,
        long endOffset) {

    /** The line carried no usable timestamp: the enrich stage uses the time it was read. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public ParsedRecord {
        if (messageLength < 0 || messageLength > message.length) {
            throw new IllegalArgumentException("messageLength " + messageLength + " outside 0.." + message.length);
        }
    }

    /** A record whose message is all of {@code message}. */
    public ParsedRecord(byte[] message, long timestampMillis, String stream, Map<String, Object> fields, long startOffset,
            long endOffset) {
        this(message, message.length, timestampMillis, stream, fields, startOffset, endOffset);
    }

    /** The message bytes as an array of their own. */
    public byte[] messageCopy() {
        return java.util.Arrays.copyOf(message, messageLength);
    }

    public boolean hasTimestamp() {
        return timestampMillis != NO_TIMESTAMP;
    }
}
