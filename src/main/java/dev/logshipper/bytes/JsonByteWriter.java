package dev.logshipper.bytes;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes JSON straight into a growable UTF-8 byte buffer, escaping strings as {@link JsonEscape} says. Made for the hot
 * path: a message is copied in bulk ({@link System#arraycopy}) between the few bytes that need escaping, so a typical
 * log line costs one scan and one or two copies, and no {@code String} is ever built from it.
 *
 * <p>Whatever the input, the output is valid UTF-8: bytes that may be anything ({@link #writeUtf8String}) have each
 * ill-formed sequence replaced by U+FFFD, one per maximal subpart ({@link Utf8Sequence}; Java's own decoder differs
 * only in replacing an encoded surrogate as one unit), and lone surrogates in {@code String}s become U+FFFD too. Bytes
 * known to be well-formed, for JSON only a parser reads ({@link #writeWireString}), skip that check.
 *
 * <p>Not thread-safe; reuse one instance via {@link #reset()}.
 */
public final class JsonByteWriter {

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    public JsonByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Empties the writer; an array grown past {@code keepAtMost} by an unusually large value is dropped for one of
     * {@code initialCapacity}, so that one 1 MiB stack trace does not keep megabytes per tailed file for good.
     */
    public void reset(int keepAtMost, int initialCapacity) {
        if (buf.length > keepAtMost) {
            buf = new byte[initialCapacity];
        }
        len = 0;
    }

    public void reset() {
        len = 0;
    }

    public int size() {
        return len;
    }

    /** The array's length now: what the writer holds on to between uses. */
    public int capacity() {
        return buf.length;
    }

    /** The array written to; {@code [0, size())} is what was written. Valid until the next write grows it. */
    public byte[] buffer() {
        return buf;
    }

    /** A copy of what was written, sized exactly. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Makes room for {@code bytes} more bytes at once, when the caller knows roughly how much it will write. */
    public void reserve(int bytes) {
        ensure(bytes);
    }

    public void writeByte(char asciiChar) {
        ensure(1);
        buf[len++] = (byte) asciiChar;
    }

    /** Copies bytes that are already valid JSON (a pre-encoded fragment). */
    public void writeRaw(byte[] bytes) {
        writeRaw(bytes, 0, bytes.length);
    }

    /** Copies {@code bytes[offset, offset + length)}, which are already valid JSON. */
    public void writeRaw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, len, length);
        len += length;
    }

    /** Writes {@code "key":}. */
    public void writeKey(String key) {
        writeString(key);
        writeByte(':');
    }

    /** Writes a JSON number. */
    public void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeRaw(LONG_MIN);
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v > 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    /** Writes a JSON string from bytes that may be anything: escaped, with ill-formed UTF-8 replaced by U+FFFD. */
    public void writeUtf8String(byte[] src, int offset, int length) {
        ensure(length + 2);
        buf[len++] = '"';
        int end = offset + length;
        int run = offset;
        int i = offset;
        while ((i = ByteScan.nextNotPlainAscii(src, i, end)) < end) { // plain ASCII is copied in runs
            int b = src[i];
            if (b >= 0) {
                copy(src, run, i);
                writeEscape(b);
                run = ++i;
                continue;
            }
            int seq = Utf8Sequence.length(src, i, end);
            if (seq > 0) {
                if (seq == 2 && JsonEscape.needsEscape(c1(src, i))) {
                    copy(src, run, i);
                    writeEscape(c1(src, i));
                    run = i + 2;
                }
                i += seq;
                continue;
            }
            copy(src, run, i);
            writeRaw(Utf8Sequence.REPLACEMENT);
            i += -seq;
            run = i;
        }
        copy(src, run, end);
        writeByte('"');
    }

    /**
     * Writes a JSON string that only a JSON parser reads (the PutLogEvents body), from bytes that are well-formed UTF-8
     * (the caller's contract: the record stage repaired them, or this class wrote them): escapes only what JSON itself
     * requires ({@code "}, {@code \}, C0 controls; see {@link JsonEscape}) and copies the runs between without looking
     * at their characters.
     */
    public void writeWireString(byte[] src, int offset, int length) {
        ensure(length + 2);
        buf[len++] = '"';
        int end = offset + length;
        int run = offset;
        for (int i = ByteScan.nextJsonEscape(src, offset, end); i < end; i = ByteScan.nextJsonEscape(src, i + 1, end)) {
            copy(src, run, i);
            writeEscape(src[i]);
            run = i + 1;
        }
        copy(src, run, end);
        writeByte('"');
    }

    /** The code point of the well-formed two-byte sequence at {@code i} when it is U+0080..U+00BF, else -1. */
    private static int c1(byte[] src, int i) {
        return (src[i] & 0xFF) == 0xC2 ? src[i + 1] & 0xFF : -1;
    }

    /** Writes a JSON string from a Java string; lone surrogates become U+FFFD. */
    public void writeString(CharSequence s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (JsonEscape.needsEscape(c)) {
                writeEscape(c);
            } else if (c < 0x80) {
                ensure(1);
                buf[len++] = (byte) c;
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                writeRaw(Utf8Sequence.REPLACEMENT);
            } else {
                ensure(3);
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        writeByte('"');
    }

    /**
     * Writes a value from a parsed JSON line or a config map: strings, numbers, booleans, null, maps, lists,
     * arrays and Jackson trees. Anything else is written as its {@code toString()} string.
     */
    public void writeValue(Object value) {
        switch (value) {
            case null -> writeNull();
            case CharSequence s -> writeString(s);
            case Boolean b -> writeRaw(b ? TRUE : FALSE);
            case Integer n -> writeLong(n);
            case Long n -> writeLong(n);
            case Short n -> writeLong(n);
            case Byte n -> writeLong(n);
            case BigInteger n -> writeAscii(n.toString());
            case BigDecimal n -> writeAscii(n.toString());
            case Double d -> writeFloating(d);
            case Float f -> writeFloating(f.doubleValue());
            case JsonNode node -> writeNode(node);
            case Map<?, ?> map -> {
                writeByte('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        writeByte(',');
                    }
                    first = false;
                    writeKey(String.valueOf(e.getKey()));
                    writeValue(e.getValue());
                }
                writeByte('}');
            }
            case Iterable<?> items -> {
                writeByte('[');
                boolean first = true;
                for (Object item : items) {
                    if (!first) {
                        writeByte(',');
                    }
                    first = false;
                    writeValue(item);
                }
                writeByte(']');
            }
            case Object[] items -> writeValue(Arrays.asList(items));
            case byte[] utf8 -> writeUtf8String(utf8, 0, utf8.length);
            default -> writeString(value.toString());
        }
    }

    /** Writes a Jackson tree; strings go through this writer's escaper, scalars use Jackson's JSON text. */
    public void writeNode(JsonNode node) {
        if (node.isTextual()) {
            writeString(node.textValue());
        } else if (node.isObject()) {
            writeByte('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!first) {
                    writeByte(',');
                }
                first = false;
                writeKey(e.getKey());
                writeNode(e.getValue());
            }
            writeByte('}');
        } else if (node.isArray()) {
            writeByte('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    writeByte(',');
                }
                writeNode(node.get(i));
            }
            writeByte(']');
        } else if (node.isDouble() || node.isFloat()) {
            writeFloating(node.doubleValue());
        } else if (node.isNumber() || node.isBoolean() || node.isNull()) {
            writeAscii(node.toString());
        } else if (node.isBinary()) {
            writeString(node.asText());
        } else {
            writeNull();
        }
    }

    public void writeNull() {
        writeRaw(NULL);
    }

    private void writeFloating(double d) {
        if (Double.isFinite(d)) {
            writeAscii(Double.toString(d));
        } else {
            // JSON has no NaN or Infinity: keep the information as a string rather than produce invalid JSON.
            writeString(Double.toString(d));
        }
    }

    private void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void copy(byte[] src, int from, int to) {
        int n = to - from;
        if (n > 0) {
            ensure(n);
            System.arraycopy(src, from, buf, len, n);
            len += n;
        }
    }

    private void writeEscape(int c) {
        ensure(JsonEscape.MAX_ESCAPE_BYTES);
        len = JsonEscape.writeEscape(c, buf, len);
    }

    private void ensure(int extra) {
        int needed = len + extra;
        if (needed > buf.length) {
            int grown = Math.max(needed, buf.length * 2);
            if (grown < 0) {
                throw new OutOfMemoryError("JSON buffer over 2 GiB");
            }
            buf = Arrays.copyOf(buf, grown);
        }
    }
}
