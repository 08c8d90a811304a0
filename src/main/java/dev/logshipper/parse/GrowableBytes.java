package dev.logshipper.parse;

import java.util.Arrays;

/** A reusable byte buffer (scratch space for repaired lines, decoded messages and partial lines). */
public final class GrowableBytes {

    private byte[] bytes;
    private int length;

    public GrowableBytes(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    public void reset() {
        length = 0;
    }

    public void ensureCapacity(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }

    public void append(byte[] src, int offset, int len) {
        ensureCapacity(length + len);
        System.arraycopy(src, offset, bytes, length, len);
        length += len;
    }

    /** The backing array, valid up to {@link #length()} until the next change. */
    public byte[] array() {
        return bytes;
    }

    public int capacity() {
        return bytes.length;
    }

    public int length() {
        return length;
    }

    /** Gives back memory after an unusually large line, so one huge record does not pin it forever. */
    public void shrinkTo(int capacity) {
        if (length == 0 && bytes.length > capacity) {
            bytes = new byte[capacity];
        }
    }
}
