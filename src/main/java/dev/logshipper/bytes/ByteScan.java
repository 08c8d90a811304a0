package dev.logshipper.bytes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next byte of interest in a run of bytes, eight at a time: log lines are mostly plain ASCII with nothing to
 * escape or validate, and every line's bytes pass through these scans more than once on their way out.
 *
 * <p>The word tests are the classic "has zero byte" trick: a borrow can flag bytes above a true hit but never below
 * one, so the lowest flag is exact.
 */
public final class ByteScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {
    }

    /**
     * The index of the first byte in {@code [from, end)} that JSON itself requires escaping in a string ({@code "},
     * {@code \}, or below 0x20), or {@code end}. Bytes of 0x80 and above pass (valid UTF-8 is copied as it is).
     */
    public static int nextJsonEscape(byte[] src, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long hits = jsonEscapes((long) LONGS.get(src, i));
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        while (i < end && !isJsonEscape(src[i])) {
            i++;
        }
        return i;
    }

    /**
     * The index of the first byte in {@code [from, end)} that is not plain printable ASCII without JSON meaning: what
     * {@link #nextJsonEscape} finds, plus DEL (0x7F) and every byte of 0x80 and above; or {@code end}.
     */
    public static int nextNotPlainAscii(byte[] src, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(src, i);
            long hits = (w & HIGHS) | jsonEscapes(w) | zeroBytes(w ^ 0x7F7F7F7F7F7F7F7FL);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        while (i < end && src[i] >= 0 && src[i] != 0x7F && !isJsonEscape(src[i])) {
            i++;
        }
        return i;
    }

    /** The index of the first byte of 0x80 or above in {@code [from, end)}, or {@code end}. */
    public static int firstNonAscii(byte[] src, int from, int end) {
        int i = from;
        while (i + 8 <= end && ((long) LONGS.get(src, i) & HIGHS) == 0) {
            i += 8;
        }
        while (i < end && src[i] >= 0) {
            i++;
        }
        return i;
    }

    private static boolean isJsonEscape(byte b) {
        return b == '"' || b == '\\' || (b >= 0 && b < 0x20);
    }

    /** High bit set in each byte of {@code w} that is below 0x20, {@code "} or {@code \} (bytes >= 0x80 excluded). */
    private static long jsonEscapes(long w) {
        long control = (w - 0x2020202020202020L) & ~w & HIGHS;
        return control | zeroBytes(w ^ 0x2222222222222222L) | zeroBytes(w ^ 0x5C5C5C5C5C5C5C5CL);
    }

    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }
}
