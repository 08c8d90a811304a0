package dev.logshipper.parse;

import dev.logshipper.bytes.ByteScan;

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
            int n = sequenceLength(b, i, end);
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
            int n = sequenceLength(b, i, end);
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

    /**
     * Length of the well-formed sequence starting at {@code i} (a non-ASCII byte), or minus the length of
     * its maximal ill-formed subpart (at least 1), following Unicode Table 3-7.
     */
    private static int sequenceLength(byte[] b, int i, int end) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0xC2 || b0 > 0xF4) {
            return -1;
        }
        if (b0 < 0xE0) {
            return i + 1 < end && isContinuation(b[i + 1]) ? 2 : -1;
        }
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 == 0xE0) {
            lo = 0xA0;
        } else if (b0 == 0xED) {
            hi = 0x9F;
        } else if (b0 == 0xF0) {
            lo = 0x90;
        } else if (b0 == 0xF4) {
            hi = 0x8F;
        }
        if (i + 1 >= end) {
            return -1;
        }
        int b1 = b[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return -1;
        }
        if (i + 2 >= end || !isContinuation(b[i + 2])) {
            return -2;
        }
        if (b0 < 0xF0) {
            return 3;
        }
        if (i + 3 >= end || !isContinuation(b[i + 3])) {
            return -3;
        }
        return 4;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
