package dev.logshipper.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonByteWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "plain ascii line",
            "quote \" and backslash \\ and slash /",
            "tab\tnewline\ncarriage\rbackspace\bformfeed\f",
            "nul\u0000bell\u0007esc\u001bdel\u007fend",
            "c1 \u0085 \u009f controls",
            "caf\u00e9 \u65e5\u672c\u8a9e \uD83D\uDE00 \u2028 \ufeff",
            "  at com.example.Foo.bar(Foo.java:42)\n\tat java.base/java.lang.Thread.run(Thread.java:1583)",
    })
    void bytesAndStringsRoundTripThroughJackson(String text) throws Exception {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

        byte[] fromBytes = writeUtf8(utf8);
        JsonByteWriter w = new JsonByteWriter(1);
        w.writeString(text);
        byte[] fromString = w.toByteArray();

        assertEquals(text, JSON.readTree(fromBytes).textValue());
        assertArrayEqualsAsText(fromBytes, fromString);
        JsonOutput.assertNoRawControlBytes(fromBytes);
        JsonOutput.assertValidUtf8(fromBytes);
    }

    @Test
    void escapesControlsAsShortFormsOrU00XX() {
        byte[] controls = {0, 1, 0x1f, '\n', '\r', '\t', 8, 12, 0x7f, '"', '\\', (byte) 0xC2, (byte) 0x85, (byte) 0xC2,
            (byte) 0xA0};
        String expected = "\"\\u0000\\u0001\\u001F\\n\\r\\t\\b\\f\\u007F\\\"\\\\\\u0085\u00a0\"";
        assertEquals(expected, new String(writeUtf8(controls), StandardCharsets.UTF_8));
        JsonByteWriter w = new JsonByteWriter(4);
        w.writeWireString(controls, 0, controls.length);
        assertEquals("\"\\u0000\\u0001\\u001F\\n\\r\\t\\b\\f\u007f\\\"\\\\\u0085\u00a0\"",
                new String(w.toByteArray(), StandardCharsets.UTF_8), "only what JSON requires, for the wire");
    }

    @Test
    void writesLongsAsJsonNumbers() {
        for (long v : new long[] {0, 7, -7, 1_764_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            JsonByteWriter w = new JsonByteWriter(1);
            w.writeLong(v);
            assertEquals(Long.toString(v), new String(w.toByteArray(), StandardCharsets.US_ASCII));
        }
    }

    /** Expected output per the Unicode "maximal subpart" practice (also WHATWG's UTF-8 decoder). */
    @ParameterizedTest
    @CsvSource({
            "80,       \ufffd",                 // lone continuation byte
            "c0af,     \ufffd\ufffd",          // overlong '/': C0 is never valid
            "e282,     \ufffd",                 // truncated at the end: one replacement
            "e28241,   \ufffdA",                // truncated before ASCII
            "eda080,   \ufffd\ufffd\ufffd",   // encoded surrogate: ED A0 is no valid prefix
            "f4908080, \ufffd\ufffd\ufffd\ufffd", // above U+10FFFF
            "f5,       \ufffd",
            "ff41fe,   \ufffdA\ufffd",
            "f09f98,   \ufffd",                 // 3 of an emoji's 4 bytes
            "41c3,     A\ufffd",
            "e282ac,   \u20ac",                 // and a valid one stays
    })
    void invalidUtf8BecomesReplacementCharacters(String hex, String expected) throws Exception {
        byte[] out = writeUtf8(hex(hex));

        JsonOutput.assertValidUtf8(out);
        assertEquals(unescape(expected), JSON.readTree(out).textValue());
    }

    @Test
    void arbitraryBytesAlwaysGiveValidJsonKeepingEveryValidCharacter() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (round % 2 == 0) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (bytes[i] & (random.nextBoolean() ? 0x7f : 0xff)); // more ASCII mixed in
                }
            }
            byte[] out = writeUtf8(bytes);
            JsonOutput.assertValidUtf8(out);
            JsonOutput.assertNoRawControlBytes(out);
            // Java's decoder replaces an encoded surrogate as one unit where Unicode's practice gives one
            // U+FFFD per byte, so compare what matters: every valid character survives, in order.
            assertEquals(new String(bytes, StandardCharsets.UTF_8).replace("\ufffd", ""),
                    JSON.readTree(out).textValue().replace("\ufffd", ""), () -> "input " + Arrays.toString(bytes));
        }
    }

    @Test
    void loneSurrogatesInStringsBecomeReplacementCharacters() throws Exception {
        JsonByteWriter w = new JsonByteWriter(4);
        w.writeString("a\uD800b\uDC00c");
        byte[] out = w.toByteArray();
        JsonOutput.assertValidUtf8(out);
        assertEquals("a\ufffdb\ufffdc", JSON.readTree(out).textValue());
    }

    @Test
    void writesValuesOfParsedLines() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "x\"y");
        value.put("i", 42);
        value.put("l", 1L << 40);
        value.put("d", 1.5);
        value.put("nan", Double.NaN);
        value.put("big", new BigDecimal("12345678901234567890.5"));
        value.put("b", true);
        value.put("n", null);
        value.put("list", List.of(1, "two", Map.of("three", 3)));
        value.put("tree", JSON.readTree("{\"a\":[1,2.5,\"c\\u0000\",null,false],\"e\":{}}"));

        JsonByteWriter w = new JsonByteWriter(8);
        w.writeValue(value);
        JsonNode parsed = JSON.readTree(w.toByteArray());

        JsonNode expected = JSON.readTree("""
                {"s":"x\\"y","i":42,"l":1099511627776,"d":1.5,"nan":"NaN","big":12345678901234567890.5,
                 "b":true,"n":null,"list":[1,"two",{"three":3}],
                 "tree":{"a":[1,2.5,"c\\u0000",null,false],"e":{}}}""");
        assertEquals(expected, parsed);
    }

    private static byte[] writeUtf8(byte[] bytes) {
        JsonByteWriter w = new JsonByteWriter(2);
        w.writeUtf8String(bytes, 0, bytes.length);
        return w.toByteArray();
    }

    private static void assertArrayEqualsAsText(byte[] a, byte[] b) {
        assertEquals(new String(a, StandardCharsets.UTF_8), new String(b, StandardCharsets.UTF_8));
    }

    private static String unescape(String javaEscapes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < javaEscapes.length(); i++) {
            if (javaEscapes.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(javaEscapes.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(javaEscapes.charAt(i));
            }
        }
        return out.toString();
    }

    private static byte[] hex(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
