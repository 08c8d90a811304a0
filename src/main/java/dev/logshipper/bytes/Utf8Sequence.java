package dev.logshipper.bytes;

/**
 * Well-formed UTF-8, one sequence at a time, following Unicode Table 3-7 (no overlongs, no encoded surrogates, nothing
 * above U+10FFFF). An ill-formed sequence is measured by its maximal subpart, the unit the Unicode "U+FFFD substitution"
 * practice (Unicode 15, section 3.9; also the WHATWG Encoding Standard) replaces with one U+FFFD.
 */
public final class Utf8Sequence {

    /** U+FFFD in UTF-8. */
    static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8Sequence() {
    }

    /**
     * Length of the well-formed sequence starting with the non-ASCII byte at {@code i}, or minus the length of its
     * maximal ill-formed subpart (at least 1) when it is not well-formed; bytes from {@code end} on are not looked at.
     */
    public static int length(byte[] b, int i, int end) {
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
