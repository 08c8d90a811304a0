package dev.logshipper.enrich;

import dev.logshipper.bytes.ByteScan;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes JSON straight into a growable UTF-8 byte buffer. Made for the envelope hot path: a message is
 * copied in bulk ({@link System#arraycopy}) between the few bytes that need escaping, so a typical log line
 * costs one scan and one or two copies, and no {@code String} is ever built from it.
 *
 * <p>Guarantees, whatever the input: the output is valid UTF-8 (invalid input sequences become U+FFFD, one
 * per maximal invalid subpart as the Unicode standard recommends and WHATWG's decoder does; Java's own
 * decoder differs only in replacing an encoded surrogate as one unit;
 * lone surrogates in {@code String}s become U+FFFD too), and every C0 control, DEL and C1 control is escaped,
 * NUL included ({@code \n}, {@code \r}, {@code \t} use their short forms, all others <code>&#92;u00XX</code>), so
 * consoles and CloudWatch's viewer never see raw control bytes.
 *
 * <p>Not thread-safe; reuse one instance per file via {@link #reset()}.
 */
final class JsonByteWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /**
     * For each ASCII byte: 0 = copy as-is, otherwise the escape class. Non-ASCII bytes are handled by the
     * UTF-8 validator, not by this table.
     */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE[0x7F] = 'u';
    }

    private byte[] buf;
    private int len;

    JsonByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Empties the writer; an array grown past {@code keepAtMost} by an unusually large value is dropped for one of
     * {@code initialCapacity}, so that one 1 MiB stack trace does not keep megabytes per tailed file for good.
     */
    void reset(int keepAtMost, int initialCapacity) {
        if (buf.length > keepAtMost) {
            buf = new byte[initialCapacity];
        }
        len = 0;
    }

    void reset() {
        len = 0;
    }

    int size() {
        return len;
    }

    /** The array written to; {@code [0, size())} is what was written. Valid until the next write grows it. */
    byte[] buffer() {
        return buf;
    }

    /** A copy of what was written, sized exactly. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    void writeByte(char asciiChar) {
        ensure(1);
        buf[len++] = (byte) asciiChar;
    }

    /** Copies bytes that are already valid JSON (a pre-encoded fragment). */
    void writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    /** Writes {@code "key":}. */
    void writeKey(String key) {
        writeString(key);
        writeByte(':');
    }

    /** Writes a JSON string from UTF-8 bytes, escaping as needed and replacing invalid UTF-8 with U+FFFD. */
    void writeUtf8String(byte[] src, int offset, int length) {
        ensure(length + 2);
        buf[len++] = '"';
        int end = offset + length;
        int run = offset;
        int i = offset;
        while ((i = ByteScan.nextNotPlainAscii(src, i, end)) < end) { // plain ASCII is copied in runs
            int b = src[i];
            if (b >= 0) {
                byte kind = ESCAPE[b];
                copy(src, run, i);
                writeEscape(kind, b);
                run = ++i;
                continue;
            }
            int seq = validSequenceLength(src, i, end);
            if (seq > 0) {
                if (seq == 2 && (b & 0xFF) == 0xC2 && (src[i + 1] & 0xFF) < 0xA0) {
                    // U+0080..U+009F: C1 controls, escaped like C0 ones.
                    copy(src, run, i);
                    writeUnicodeEscape(src[i + 1] & 0xFF);
                    run = i + 2;
                }
                i += seq;
                continue;
            }
            copy(src, run, i);
            writeRawBytes(REPLACEMENT);
            i += -seq;
            run = i;
        }
        copy(src, run, end);
        writeByte('"');
    }

    /** Writes a JSON string from a Java string; lone surrogates become U+FFFD. */
    void writeString(CharSequence s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte kind = ESCAPE[c];
                if (kind == 0) {
                    ensure(1);
                    buf[len++] = (byte) c;
                } else {
                    writeEscape(kind, c);
                }
            } else if (c < 0x800) {
                if (c < 0xA0) {
                    writeUnicodeEscape(c);
                } else {
                    ensure(2);
                    buf[len++] = (byte) (0xC0 | (c >> 6));
                    buf[len++] = (byte) (0x80 | (c & 0x3F));
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                writeRawBytes(REPLACEMENT);
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
    void writeValue(Object value) {
        switch (value) {
            case null -> writeRawBytes(NULL);
            case CharSequence s -> writeString(s);
            case Boolean b -> writeRawBytes(b ? TRUE : FALSE);
            case Integer n -> writeAscii(Integer.toString(n));
            case Long n -> writeAscii(Long.toString(n));
            case Short n -> writeAscii(Short.toString(n));
            case Byte n -> writeAscii(Byte.toString(n));
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
    void writeNode(JsonNode node) {
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

    void writeNull() {
        writeRawBytes(NULL);
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

    private void writeRawBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void copy(byte[] src, int from, int to) {
        int n = to - from;
        if (n > 0) {
            ensure(n);
            System.arraycopy(src, from, buf, len, n);
            len += n;
        }
    }

    private void writeEscape(byte kind, int c) {
        switch (kind) {
            case 'n' -> writeTwo('n');
            case 'r' -> writeTwo('r');
            case 't' -> writeTwo('t');
            case '"' -> writeTwo('"');
            case '\\' -> writeTwo('\\');
            default -> writeUnicodeEscape(c);
        }
    }

    private void writeTwo(char escaped) {
        ensure(2);
        buf[len++] = '\\';
        buf[len++] = (byte) escaped;
    }

    private void writeUnicodeEscape(int c) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = '0';
        buf[len++] = '0';
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    /**
     * Length of the well-formed UTF-8 sequence starting with the non-ASCII byte at {@code i}, or minus the
     * length of the maximal invalid subpart to replace with one U+FFFD (always at least 1 byte).
     * Follows the Unicode "well-formed UTF-8 byte sequences" table (no overlongs, no surrogates, max U+10FFFF).
     */
    static int validSequenceLength(byte[] src, int i, int end) {
        int b0 = src[i] & 0xFF;
        int need;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return -1;
        }
        for (int k = 1; k <= need; k++) {
            if (i + k >= end) {
                return -k;
            }
            int b = src[i + k] & 0xFF;
            int min = k == 1 ? lo : 0x80;
            int max = k == 1 ? hi : 0xBF;
            if (b < min || b > max) {
                return -k;
            }
        }
        return need + 1;
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
