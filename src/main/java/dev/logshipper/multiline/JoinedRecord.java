package dev.logshipper.multiline;

import java.util.Arrays;
import java.util.Map;

/**
 * The record a {@link MultilineJoiner} is building for one stream: its lines joined with {@code \n}, the
 * byte range from the first line's start to the last line's end, and the first line's timestamp and
 * fields (those of later lines are not kept). Owned and reused by its joiner: read it only inside
 * {@link MultilineJoiner.Output} callbacks.
 */
public final class JoinedRecord {

    private static final int RETAINED_BYTES = 256 * 1024;

    private byte[] bytes = new byte[1024];
    private int length;
    private int lines;
    private long startOffset;
    private long endOffset;
    private long timestampMillis;
    private Map<String, Object> fields = Map.of();
    private Object attachment;

    void open(long timestampMillis, Map<String, Object> fields, long startOffset) {
        if (bytes.length > RETAINED_BYTES) {
            bytes = new byte[1024]; // do not pin the buffer of one huge record for the file's lifetime
        }
        this.length = 0;
        this.lines = 0;
        this.timestampMillis = timestampMillis;
        this.fields = fields;
        this.startOffset = startOffset;
        this.endOffset = startOffset;
        this.attachment = null;
    }

    void append(byte[] src, int offset, int len, long endOffset) {
        int needed = length + len + (lines > 0 ? 1 : 0);
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
        if (lines > 0) {
            bytes[length++] = '\n';
        }
        System.arraycopy(src, offset, bytes, length, len);
        length += len;
        lines++;
        this.endOffset = endOffset;
    }

    /**
     * A copy of the message. Trailing newlines are left out: they come from blank lines a rule kept
     * tentatively (a Python traceback's blank line before a chained exception) and carry no content.
     */
    public byte[] messageCopy() {
        return Arrays.copyOf(bytes, messageLength());
    }

    /** The buffer holding the message at {@code [0, messageLength())}; reused for the next record. */
    public byte[] buffer() {
        return bytes;
    }

    /** The message's length in {@link #buffer()}: as {@link #messageCopy()}, without trailing newlines. */
    public int messageLength() {
        int end = length;
        while (end > 0 && bytes[end - 1] == '\n') {
            end--;
        }
        return end;
    }

    /** Message bytes joined so far, including separators. */
    public int length() {
        return length;
    }

    public int lines() {
        return lines;
    }

    public long startOffset() {
        return startOffset;
    }

    public long endOffset() {
        return endOffset;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /** A slot for the caller's per-record state (the record stage keeps its acknowledgements here). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object attachment) {
        this.attachment = attachment;
    }
}
