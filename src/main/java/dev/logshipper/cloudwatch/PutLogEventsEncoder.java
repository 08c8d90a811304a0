package dev.logshipper.cloudwatch;

import dev.logshipper.bytes.ByteScan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes a {@link Batch} as the PutLogEvents JSON body straight from the events' UTF-8 bytes, in the member order the
 * SDK's marshaller uses ({@code logGroupName}, {@code logStreamName}, {@code logEvents}).
 *
 * <p>Why not the modeled client: marshalling one {@code InputLogEvent} object per event dominated the CPU profile
 * (see README, performance). Runs of bytes that need no escaping are bulk-copied; only {@code "}, {@code \} and control
 * characters are escaped. Messages are valid UTF-8 by contract, so bytes >= 0x80 are copied as they are.
 * Not thread-safe: the transport lends one encoder to one call at a time. The buffer is reused and grows with the
 * batches; after a run of encodes that needed under a quarter of it (a backlog ended, a trickle is left) it shrinks
 * back, so that megabytes a burst needed are not kept for the days that follow.
 */
final class PutLogEventsEncoder {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GROUP = ascii("{\"logGroupName\":");
    private static final byte[] STREAM = ascii(",\"logStreamName\":");
    private static final byte[] EVENTS = ascii(",\"logEvents\":[");
    private static final byte[] TIMESTAMP = ascii("{\"timestamp\":");
    private static final byte[] MESSAGE = ascii(",\"message\":");
    private static final byte[] END = ascii("]}");

    /** ESCAPE[b] != 0 when byte b must be escaped; the value is the short escape letter, or 'u' for \\u00XX. */
    private static final byte[] ESCAPE = new byte[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
    }

    private static final int INITIAL_BYTES = 64 * 1024;
    /** Encodes in a row that needed under a quarter of the buffer before it shrinks to twice what they needed. */
    static final int SHRINK_AFTER = 16;

    private byte[] buf = new byte[INITIAL_BYTES];
    private int size;
    private int smallInARow;
    private int largestRecent;

    /** Encodes the batch; the result is valid until the next call. */
    byte[] encode(Batch batch) {
        size = 0;
        // Worst case a message of control characters grows 6x; reserve for the typical case and grow on demand.
        int expected = (int) Math.min(Integer.MAX_VALUE - 16, batch.accountedBytes() + 64L * batch.count() + 1024);
        shrinkIfOversized(expected);
        ensure(expected);
        write(GROUP);
        writeString(batch.destination.logGroup());
        write(STREAM);
        writeString(batch.destination.logStream());
        write(EVENTS);
        for (int i = 0; i < batch.count(); i++) {
            if (i > 0) {
                writeByte(',');
            }
            write(TIMESTAMP);
            writeTimestamp(batch.timestamp(i));
            write(MESSAGE);
            writeQuoted(batch.message(i), batch.offset(i), batch.length(i));
            writeByte('}');
        }
        write(END);
        return buf;
    }

    private void shrinkIfOversized(int expected) {
        if (buf.length <= INITIAL_BYTES || expected >= buf.length / 4) {
            smallInARow = 0;
            largestRecent = 0;
            return;
        }
        largestRecent = Math.max(largestRecent, expected);
        if (++smallInARow >= SHRINK_AFTER) {
            buf = new byte[Math.max(INITIAL_BYTES, 2 * largestRecent)];
            smallInARow = 0;
            largestRecent = 0;
        }
    }

    /** The buffer's size now (tests). */
    int capacity() {
        return buf.length;
    }

    /** Length of the last encoded body in {@link #encode}'s array. */
    int size() {
        return size;
    }

    /** A copy of the last encoded body (tests, the modeled-client comparison). */
    byte[] copy() {
        return Arrays.copyOf(buf, size);
    }

    private void writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeQuoted(b, 0, b.length);
    }

    private void writeQuoted(byte[] src, int off, int len) {
        ensure(len + 2);
        buf[size++] = '"';
        int end = off + len;
        int run = off;
        for (int i = ByteScan.nextJsonEscape(src, off, end); i < end; i = ByteScan.nextJsonEscape(src, i + 1, end)) {
            byte e = ESCAPE[src[i] & 0xFF];
            copy(src, run, i - run);
            ensure(6);
            buf[size++] = '\\';
            if (e == 'u') {
                int c = src[i] & 0xFF;
                buf[size++] = 'u';
                buf[size++] = '0';
                buf[size++] = '0';
                buf[size++] = HEX[c >> 4];
                buf[size++] = HEX[c & 0xF];
            } else {
                buf[size++] = e;
            }
            run = i + 1;
        }
        copy(src, run, end - run);
        ensure(1);
        buf[size++] = '"';
    }

    /**
     * Timestamps repeat: a busy file has hundreds of lines per millisecond, so the digits of the last one are kept and
     * copied instead of dividing by ten thirteen times per event.
     */
    private void writeTimestamp(long v) {
        if (v == lastTimestamp) {
            copy(lastDigits, 0, lastDigitCount);
            return;
        }
        int start = size;
        writeLong(v);
        lastDigitCount = size - start;
        System.arraycopy(buf, start, lastDigits, 0, lastDigitCount);
        lastTimestamp = v;
    }

    private long lastTimestamp = Long.MIN_VALUE;
    private final byte[] lastDigits = new byte[20];
    private int lastDigitCount;

    private void writeLong(long v) {
        ensure(20);
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        if (v == 0) {
            buf[size++] = '0';
            return;
        }
        int start = size;
        while (v > 0) {
            buf[size++] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void copy(byte[] src, int off, int len) {
        if (len > 0) {
            ensure(len);
            System.arraycopy(src, off, buf, size, len);
            size += len;
        }
    }

    private void write(byte[] b) {
        copy(b, 0, b.length);
    }

    private void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
