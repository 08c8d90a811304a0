package dev.logshipper.cloudwatch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventSizesTest {

    @Test
    void cutsBeforeAMultiByteCharacterRatherThanInsideIt() {
        byte[] b = "ab€".getBytes(StandardCharsets.UTF_8); // a b E2 82 AC
        assertEquals(2, EventSizes.cutPoint(b, 0, b.length, 3));
        assertEquals(2, EventSizes.cutPoint(b, 0, b.length, 4));
        assertEquals(5, EventSizes.cutPoint(b, 0, b.length, 5));
        byte[] clef = "𝄞𝄞".getBytes(StandardCharsets.UTF_8); // two 4-byte characters
        assertEquals(4, EventSizes.cutPoint(clef, 0, clef.length, 7));
    }

    @Test
    void alwaysAdvancesOnMalformedInput() {
        byte[] garbage = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertEquals(2, EventSizes.cutPoint(garbage, 0, garbage.length, 2));
    }
}
