package dev.logshipper.parse;

import dev.logshipper.record.ParsedRecord;
import java.util.Map;

/**
 * One line after format decoding; a reused, mutable holder so decoding allocates nothing for raw and CRI
 * lines. The message may point into the caller's line buffer or into the decoder's scratch space, so it
 * is only valid until the next line is decoded.
 */
final class DecodedLine {

    static final String STDOUT = "stdout";
    static final String STDERR = "stderr";

    byte[] message;
    int offset;
    int length;
    /** {@link #STDOUT}, {@link #STDERR} or null (the format has no stream, or the line did not parse). */
    String stream;
    /** More pieces of this line follow (CRI {@code P}, a Docker {@code log} without trailing newline). */
    boolean partial;
    long timestampMillis;
    /** A time was present but could not be parsed (counted; the record gets no timestamp). */
    boolean timestampInvalid;
    Map<String, Object> fields;

    void set(byte[] message, int offset, int length) {
        this.message = message;
        this.offset = offset;
        this.length = length;
        this.stream = null;
        this.partial = false;
        this.timestampMillis = ParsedRecord.NO_TIMESTAMP;
        this.timestampInvalid = false;
        this.fields = Map.of();
    }

    /** Maps a stream name to the shared constant, or null when it is neither stdout nor stderr. */
    static String stream(String name) {
        return STDOUT.equals(name) ? STDOUT : STDERR.equals(name) ? STDERR : null;
    }
}
