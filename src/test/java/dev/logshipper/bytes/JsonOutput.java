package dev.logshipper.bytes;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every JSON text the shipper writes must be, whatever went in. */
public final class JsonOutput {

    private JsonOutput() {
    }

    public static void assertValidUtf8(byte[] out) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out));
        } catch (CharacterCodingException e) {
            throw new AssertionError("output is not valid UTF-8: " + Arrays.toString(out), e);
        }
    }

    public static void assertNoRawControlBytes(byte[] out) {
        for (byte b : out) {
            assertTrue((b & 0xff) >= 0x20 && b != 0x7f, () -> "raw control byte in " + Arrays.toString(out));
        }
        String s = new String(out, StandardCharsets.UTF_8);
        assertTrue(s.codePoints().noneMatch(c -> c >= 0x80 && c <= 0x9f), "raw C1 control in " + s);
    }
}
