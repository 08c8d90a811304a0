package dev.logshipper.bytes;

/**
 * How a JSON string is escaped, in one place for everything the shipper writes as JSON: the envelope, the PutLogEvents
 * body, its own JSON log lines, the health answers and the values quoted in configuration errors.
 *
 * <ul>
 * <li>{@code "} and {@code \} get a backslash; the C0 controls get the short forms {@code \b \t \n \f \r} or
 *     <code>&#92;u00XX</code>, as Jackson writes them;</li>
 * <li>DEL and the C1 controls (U+007F..U+009F) are written as <code>&#92;u00XX</code> too ({@link #needsEscape}): JSON
 *     allows them raw, but a terminal or log viewer showing the JSON text would act on them. JSON that only a parser
 *     reads, the PutLogEvents body ({@link JsonByteWriter#writeWireString}), leaves them raw: CloudWatch stores the
 *     same characters either way, and the encoder's scan skips more bytes at a time;</li>
 * <li>every other character is written as it is (as UTF-8 where the output is bytes);</li>
 * <li>what is not text becomes U+FFFD, so the output is always well-formed: a lone surrogate in a Java string, and an
 *     ill-formed sequence in bytes that may hold anything ({@link JsonByteWriter#writeUtf8String}).</li>
 * </ul>
 */
public final class JsonEscape {

    /** Characters from here on are never escaped. */
    static final int FIRST_UNESCAPED_NON_ASCII = 0xA0;

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    /** For each character below {@link #FIRST_UNESCAPED_NON_ASCII}: 0 = as it is, else the letter after the backslash. */
    private static final byte[] ESCAPE = new byte[FIRST_UNESCAPED_NON_ASCII];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        for (int c = 0x7F; c < FIRST_UNESCAPED_NON_ASCII; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\f'] = 'f';
        ESCAPE['\r'] = 'r';
    }

    /** The longest escape, <code>&#92;u00XX</code>. */
    static final int MAX_ESCAPE_BYTES = 6;

    private JsonEscape() {
    }

    /** Is the character (a UTF-16 unit or a code point) written as an escape in JSON text that people may read? */
    public static boolean needsEscape(int c) {
        return c >= 0 && c < FIRST_UNESCAPED_NON_ASCII && ESCAPE[c] != 0;
    }

    /** {@code s} as a quoted JSON string. */
    public static String quoted(CharSequence s) {
        return appendQuoted(new StringBuilder(s.length() + 2), s).toString();
    }

    /** Appends {@code s} as a quoted JSON string; returns {@code out}. */
    public static StringBuilder appendQuoted(StringBuilder out, CharSequence s) {
        out.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (needsEscape(c)) {
                byte kind = ESCAPE[c];
                out.append('\\').append((char) kind);
                if (kind == 'u') {
                    out.append('0').append('0').append((char) HEX[c >> 4]).append((char) HEX[c & 0xF]);
                }
            } else if (!Character.isSurrogate(c)) {
                out.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append('\uFFFD');
            }
        }
        return out.append('"');
    }

    /**
     * Writes the escape of {@code c} (one for which {@link #needsEscape} holds) at {@code dst[pos]}, which has room for
     * {@link #MAX_ESCAPE_BYTES}; returns the position after it.
     */
    static int writeEscape(int c, byte[] dst, int pos) {
        byte kind = ESCAPE[c];
        dst[pos++] = '\\';
        dst[pos++] = kind;
        if (kind == 'u') {
            dst[pos++] = '0';
            dst[pos++] = '0';
            dst[pos++] = HEX[c >> 4];
            dst[pos++] = HEX[c & 0xF];
        }
        return pos;
    }
}
