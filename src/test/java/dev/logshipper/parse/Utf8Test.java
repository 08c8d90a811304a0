package dev.logshipper.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void validTextIsRecognisedWithoutCopy() {
        byte[] b = "ascii, é, ✓, 😀 and \0 NUL".getBytes(StandardCharsets.UTF_8);
        assertEquals(-1, Utf8.firstInvalid(b, 0, b.length));
    }

    @Test
    void illFormedSequencesAreFoundWhereTheyStart() {
        assertEquals(1, Utf8.firstInvalid(new byte[] {'a', (byte) 0xC0, (byte) 0x80}, 0, 3), "overlong");
        assertEquals(0, Utf8.firstInvalid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3), "surrogate");
        assertEquals(0, Utf8.firstInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4), "> U+10FFFF");
        assertEquals(2, Utf8.firstInvalid(new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82}, 0, 4), "truncated at the end");
        assertEquals(-1, Utf8.firstInvalid(new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82}, 0, 2), "only the range counts");
    }

    @Test
    void encodedSurrogatesAndCutSequencesAreReplacedPerMaximalSubpart() {
        GrowableBytes out = new GrowableBytes(16);
        assertEquals(3, Utf8.repair(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3, out));
        assertEquals("\uFFFD\uFFFD\uFFFD", new String(out.array(), 0, out.length(), StandardCharsets.UTF_8));
        assertEquals(3, Utf8.repair(new byte[] {(byte) 0xE0, (byte) 0x80, 'a', (byte) 0xF0, (byte) 0x90, (byte) 0x80}, 0, 6, out));
        assertEquals("\uFFFD\uFFFDa\uFFFD", new String(out.array(), 0, out.length(), StandardCharsets.UTF_8));
    }

    /**
     * The repair must equal the JDK's own decode-and-encode, which uses the same maximal-subpart rule,
     * except for encoded surrogates (see the test above), which are left out of this comparison.
     */
    @Test
    void repairMatchesTheJdkOnRandomBytes() {
        Random random = new Random(42);
        GrowableBytes out = new GrowableBytes(16);
        byte[] interesting = {(byte) 0x80, (byte) 0xBF, (byte) 0xC2, (byte) 0xE0, (byte) 0xED, (byte) 0xF0, (byte) 0xF4,
            (byte) 0xF5, (byte) 0xFF, (byte) 0xA0, (byte) 0x90, (byte) 0x8F, 'a'};
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[random.nextInt(12)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
            }
            if (hasEncodedSurrogate(b)) {
                continue;
            }
            byte[] expected = new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            int replaced = Utf8.repair(b, 0, b.length, out);
            byte[] actual = java.util.Arrays.copyOf(out.array(), out.length());
            assertArrayEquals(expected, actual, () -> java.util.HexFormat.of().formatHex(b));
            assertEquals(replaced == 0, Utf8.firstInvalid(b, 0, b.length) < 0);
        }
    }

    private static boolean hasEncodedSurrogate(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == (byte) 0xED && (b[i + 1] & 0xFF) >= 0xA0 && (b[i + 1] & 0xFF) <= 0xBF) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theWordAtATimeValidationStopsWhereTheJdkDecoderDoes() {
        Random random = new Random(11);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8),
                "✓".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8), {(byte) 0x80}, {(byte) 0xC0},
                {(byte) 0xED, (byte) 0xA0}, {(byte) 0xF4, (byte) 0x90}, {0x7F}, {0}};
        for (int round = 0; round < 20_000; round++) {
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            int n = random.nextInt(40);
            for (int k = 0; k < n; k++) {
                byte[] piece = random.nextInt(6) == 0 ? pieces[random.nextInt(pieces.length)] : pieces[0];
                text.write(piece, 0, piece.length);
            }
            byte[] b = text.toByteArray();
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            assertEquals(jdkFirstInvalid(b, from, b.length - from), Utf8.firstInvalid(b, from, b.length - from),
                    java.util.Arrays.toString(b) + " from " + from);
        }
    }

    /** The reference: where the JDK's strict UTF-8 decoder stops with malformed input, or -1. */
    private static int jdkFirstInvalid(byte[] b, int offset, int length) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b, offset, length);
        java.nio.charset.CoderResult result = decoder.decode(in, java.nio.CharBuffer.allocate(2 * length + 2), true);
        return result.isError() ? in.position() : -1;
    }
}
