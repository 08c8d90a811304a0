package dev.logshipper.bytes;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-at-a-time scans find exactly what a byte loop over the same predicate finds, on random input. */
class ByteScanTest {

    private interface Scan {
        int next(byte[] src, int from, int end);
    }

    private static final byte[] ALPHABET = {'a', ' ', '"', '\\', 0, 0x1F, 0x20, 0x21, 0x7E, 0x7F, (byte) 0x80, (byte) 0x9F,
        (byte) 0xA2, (byte) 0xC2, (byte) 0xDC, (byte) 0xE2, (byte) 0xFF};

    @Test
    void nextJsonEscapeFindsExactlyTheFirstByteToEscape() {
        check(ByteScan::nextJsonEscape, b -> b == '"' || b == '\\' || (b >= 0 && b < 0x20));
    }

    @Test
    void nextNotPlainAsciiFindsExactlyTheFirstByteNotCopiedAsItIs() {
        check(ByteScan::nextNotPlainAscii, b -> b < 0x20 || b == '"' || b == '\\' || b == 0x7F);
    }

    @Test
    void firstNonAsciiFindsExactlyTheFirstHighByte() {
        check(ByteScan::firstNonAscii, b -> b < 0);
    }

    /** {@code stop} is tested on the signed byte value. */
    private static void check(Scan scan, IntPredicate stop) {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(4) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) ('a' + random.nextInt(26));
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int expected = from;
            while (expected < bytes.length && !stop.test(bytes[expected])) {
                expected++;
            }
            assertEquals(expected, scan.next(bytes, from, bytes.length), Arrays.toString(bytes) + " from " + from);
        }
    }
}
