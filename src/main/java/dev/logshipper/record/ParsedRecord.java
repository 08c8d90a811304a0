package dev.logshipper.record;

import java.util.Map;

/**
 * A record after format parsing and multiline joining, before enrichment: the message bytes (valid
 * UTF-8), the timestamp the line carried (or {@link #NO_TIMESTAMP}), the container stream it came from
 * ({@code stdout}/{@code stderr}, or null when the format has none), and the other fields of a JSON line
 * (empty for other formats). {@code [startOffset, endOffset)} covers all of its lines in the file.
 */
public record ParsedRecord(
        byte[] message,
        long timestampMillis,
        String stream,
        Map<String, Object> fields,
        long startOffset,
        long endOffset) {

    /** The line carried no usable timestamp: the enrich stage uses the time it was read. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public boolean hasTimestamp() {
        return timestampMillis != NO_TIMESTAMP;
    }
}
