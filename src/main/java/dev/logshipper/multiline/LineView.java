package dev.logshipper.multiline;

/**
 * A reusable {@link CharSequence} over one line's UTF-8 bytes, so regular expressions can run on a line
 * without building a {@code String} per line.
 *
 * <p>When the line is pure ASCII (the usual case for log lines and stack traces) the view reads the bytes
 * directly; otherwise it decodes them once into a reused {@code char[]}. The input must be valid UTF-8
 * (the record stage replaces invalid sequences first). Only {@link #subSequence} and {@link #toString}
 * allocate, and {@link java.util.regex.Matcher#find()}/{@code lookingAt()} do not call them.
 * Not thread-safe; the bytes must not change while the view is in use.
 */
public final class LineView implements CharSequence {

    private byte[] bytes = new byte[0];
    private int offset;
    private int length;
    private boolean ascii = true;
    private char[] chars = new char[256];

    /** Points the view at {@code [offset, offset + length)} of {@code bytes}; returns this view. */
    public LineView reset(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.ascii = true;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                decode(i);
                return this;
            }
        }
        return this;
    }

    /** Decodes valid UTF-8 into {@link #chars}; the ASCII prefix before {@code firstNonAscii} is copied as is. */
    private void decode(int firstNonAscii) {
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        int n = 0;
        for (int i = offset; i < firstNonAscii; i++) {
            chars[n++] = (char) bytes[i];
        }
        int i = firstNonAscii;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            int cp;
            if (b < 0x80) {
                cp = b;
                i += 1;
            } else if (b < 0xE0) {
                cp = ((b & 0x1F) << 6) | (bytes[i + 1] & 0x3F);
                i += 2;
            } else if (b < 0xF0) {
                cp = ((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
                i += 3;
            } else {
                cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6)
                        | (bytes[i + 3] & 0x3F);
                i += 4;
            }
            if (cp >= 0x10000) {
                chars[n++] = Character.highSurrogate(cp);
                chars[n++] = Character.lowSurrogate(cp);
            } else {
                chars[n++] = (char) cp;
            }
        }
        length = n; // a 4-byte sequence becomes 2 chars, never more chars than bytes
    }

    /** True when the current line is pure ASCII (no decoding was needed). */
    public boolean isAscii() {
        return ascii;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return ascii ? (char) bytes[offset + index] : chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return ascii
                ? new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1)
                : new String(chars, 0, length);
    }
}
