package dev.logshipper.bytes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way the shipper escapes a JSON string writes exactly what Jackson writes for the same text: the wire string of
 * the PutLogEvents body exactly that, the others with the one rule Jackson does not have, DEL and the C1 controls
 * escaped too. Random strings of quotes, backslashes, controls, non-ASCII and surrogates; lone surrogates become U+FFFD
 * where Jackson would write them as escapes, so the reference gets the string with them replaced. (Jackson's own
 * custom-escape hook is no reference: with it, Jackson also escapes every supplementary character as a surrogate pair.)
 */
class JsonEscapeTest {

    private static final long SEED = Long.getLong("jsonEscapeSeed", System.nanoTime());

    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** Characters that each exercise a different rule; random text draws from them and from all of the BMP. */
    private static final char[] INTERESTING = {'a', 'Z', ' ', '/', '"', '\\', '\b', '\t', '\n', '\f', '\r', 0, 1, 0x1F,
        0x7E, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xBF, 0xC0, 0xE9, 0xFF, 0x100, 0x7FF, 0x800, 0x2028, 0xFEFF, 0xFFFD, 0xFFFF,
        0xD800, 0xDBFF, 0xDC00, 0xDFFF};

    @Test
    void stringsAreQuotedAsJacksonQuotesThem() {
        agreesWithJackson("appendQuoted", true, true, s -> JsonEscape.quoted(s).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stringsAreWrittenAsUtf8AsJacksonWritesThem() {
        agreesWithJackson("writeString", true, true, s -> {
            JsonByteWriter w = new JsonByteWriter(1);
            w.writeString(s);
            return w.toByteArray();
        });
    }

    @Test
    void utf8BytesAreWrittenAsJacksonWritesTheirText() {
        agreesWithJackson("writeUtf8String", false, true, s -> slice(s, (w, b, off, len) -> w.writeUtf8String(b, off, len)));
    }

    @Test
    void wireStringsAreWrittenExactlyAsJacksonWritesTheirText() {
        agreesWithJackson("writeWireString", false, false, s -> slice(s, (w, b, off, len) -> w.writeWireString(b, off, len)));
    }

    @Test
    void controlsUseTheShortFormsOrUppercaseHex() {
        assertEquals("\"\\\"\\\\\\b\\t\\n\\f\\r\\u0000\\u001F\\u007F\\u0085\\u009F\u00a0\"",
                JsonEscape.quoted("\"\\\b\t\n\f\r\u0000\u001f\u007f\u0085\u009f\u00a0"));
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() {
        assertEquals("\"a\ufffdb\ufffd\uD83D\uDE00\ufffd\"", JsonEscape.quoted("a\uDC00b\uD800\uD83D\uDE00\uD83D"));
    }

    @Test
    void needsEscapeIsExactlyTheEscapedCharacters() {
        for (int c = 0; c < 0x110000; c++) {
            String one = Character.toString(c);
            boolean escaped = JsonEscape.quoted(one).length() > one.length() + 2;
            String codePoint = "U+" + Integer.toHexString(c);
            assertEquals(escaped, JsonEscape.needsEscape(c), codePoint);
        }
        assertFalse(JsonEscape.needsEscape(-1));
    }

    private interface SliceWriter {
        void write(JsonByteWriter w, byte[] bytes, int offset, int length);
    }

    /** Writes the text's UTF-8 from the middle of a larger array, so offsets are honoured. */
    private static byte[] slice(String text, SliceWriter writer) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[utf8.length + 6];
        Arrays.fill(padded, (byte) '"');
        System.arraycopy(utf8, 0, padded, 3, utf8.length);
        JsonByteWriter w = new JsonByteWriter(1);
        writer.write(w, padded, 3, utf8.length);
        return w.toByteArray();
    }

    /**
     * {@code fromString}: the method takes a Java string, lone surrogates included, else the text's UTF-8 bytes;
     * {@code forPeople}: it escapes DEL and the C1 controls too.
     */
    private static void agreesWithJackson(String what, boolean fromString, boolean forPeople,
                                          Function<String, byte[]> ours) {
        Random random = new Random(SEED);
        for (int round = 0; round < 20_000; round++) {
            String text = randomText(random);
            String wellFormed = replaceLoneSurrogates(text);
            byte[] expected = reference(wellFormed, forPeople);
            byte[] actual = ours.apply(fromString ? text : wellFormed);
            int r = round;
            assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8),
                    () -> what + " differs from Jackson on " + codePoints(text) + " (round " + r + "; replay with"
                            + " -DjsonEscapeSeed=" + SEED + ")");
            assertTrue(Arrays.equals(expected, actual), () -> what + ": same text, other bytes (seed " + SEED + ")");
        }
    }

    /** Jackson's JSON string; for people, with raw DEL and C1 controls (which Jackson leaves as they are) escaped. */
    private static byte[] reference(String text, boolean forPeople) {
        String jackson;
        try {
            jackson = JACKSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        if (!forPeople) {
            return jackson.getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(jackson.length());
        jackson.chars().forEach(c -> sb.append(c >= 0x7F && c < 0xA0 ? String.format("\\u%04X", c) : Character.toString(c)));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(24);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> sb.append((char) ('a' + random.nextInt(26)));
                case 1 -> sb.append(INTERESTING[random.nextInt(INTERESTING.length)]);
                case 2 -> sb.append((char) random.nextInt(0x10000));
                default -> sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
        }
        return sb.toString();
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return sb.toString();
    }

    private static String codePoints(String s) {
        StringBuilder sb = new StringBuilder("[");
        s.chars().forEach(c -> sb.append(String.format(" %04X", c)));
        return sb.append(" ]").toString();
    }
}
