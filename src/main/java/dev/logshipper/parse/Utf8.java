package dev.logshipper.parse;

import dev.logshipper.bytes.ByteScan;
import dev.logshipper.bytes.Utf8Sequence;

/**
 * UTF-8 validation and repair on bytes. Validation is the fast path (no copy for valid input); repair
 * replaces each ill-formed sequence by U+FFFD using the Unicode "maximal subpart" practice (Unicode 15,
 * section 3.9, U+FFFD substitution; also the WHATWG Encoding Standard). This equals a JDK
 * {@code new String(bytes, UTF_8)} round trip except for encoded surrogates ({@code ED A0..BF xx}), which the JDK
 * replaces by one U+FFFD and the standard practice, followed here, by one per byte.
 */
public final class Utf8 {

    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8() {
    }

    /** Index of the first byte of the first ill-formed sequence, or -1 when the range is valid UTF-8. */
    public static int firstInvalid(byte[] b, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            i = ByteScan.firstNonAscii(b, i, end); // nearly every log line is ASCII, and this runs on every line
            if (i >= end) {
                break;
            }
            int n = Utf8Sequence.length(b, i, end);
            if (n < 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /**
     * Copies the range to {@code out} (reset first) with ill-formed sequences replaced; returns how many
     * replacements were made.
     */
    public static int repair(byte[] b, int offset, int length, GrowableBytes out) {
        out.reset();
        out.ensureCapacity(length + 16);
        int end = offset + length;
        int i = offset;
        int copyFrom = offset;
        int replaced = 0;
        while (i < end) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int n = Utf8Sequence.length(b, i, end);
            if (n > 0) {
                i += n;
                continue;
            }
            out.append(b, copyFrom, i - copyFrom);
            out.append(REPLACEMENT, 0, REPLACEMENT.length);
            replaced++;
            i += -n;
            copyFrom = i;
        }
        out.append(b, copyFrom, end - copyFrom);
        return replaced;
    }
}
