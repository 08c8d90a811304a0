package dev.logshipper.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.logshipper.config.ShipperConfig.JsonFormatConfig;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming reader and writer behind {@code format: json}: the value kinds, and bounded nesting. */
class JsonValuesTest {

    private static final JsonFactory FACTORY = new JsonFactory();

    private static Map<String, Object> read(String json) throws Exception {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            return JsonValues.readObject(p);
        }
    }

    private static String write(Object value) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            JsonValues.write(g, value);
        }
        return out.toString();
    }

    @Test
    void readsEveryKindInMemberOrder() throws Exception {
        Map<String, Object> m = read("""
                {"s":"t\\u00e9xt","i":-7,"l":5000000000,"b":123456789012345678901234567890,"f":1.50,"e":1e3,
                 "t":true,"x":false,"n":null,"o":{"a":[1,"2",null,[]]}}""");
        assertEquals(List.of("s", "i", "l", "b", "f", "e", "t", "x", "n", "o"), List.copyOf(m.keySet()));
        assertInstanceOf(LinkedHashMap.class, m);
        assertEquals("t\u00e9xt", m.get("s"));
        assertEquals(-7, m.get("i"));
        assertEquals(5_000_000_000L, m.get("l"));
        assertEquals(new BigInteger("123456789012345678901234567890"), m.get("b"));
        assertEquals(new BigDecimal("1.50"), m.get("f"));
        assertEquals(new BigDecimal("1e3"), m.get("e"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(Boolean.FALSE, m.get("x"));
        assertTrue(m.containsKey("n"));
        assertNull(m.get("n"));
        assertEquals(Map.of("a", Arrays.asList(1, "2", null, List.of())), m.get("o"));
        assertInstanceOf(ArrayList.class, ((Map<?, ?>) m.get("o")).get("a"));
    }

    @Test
    void aRepeatedNameKeepsItsLastValue() throws Exception {
        assertEquals(Map.of("a", 2, "b", 1), read("{\"a\":1,\"b\":1,\"a\":2}"));
    }

    @Test
    void writesWhatItReadsCompactlyWithExactNumbers() throws Exception {
        String line = "{\"s\":\"q\\\"\",\"i\":-7,\"l\":5000000000,\"b\":123456789012345678901234567890,\"f\":1.50,"
                + "\"t\":true,\"n\":null,\"o\":{\"a\":[1,\"2\",null,[]]}}";
        assertEquals(line, write(read(line)));
        assertEquals("1E+3", write(read("{\"e\":1e3}").get("e")), "BigDecimal's own text, as before");
    }

    @Test
    void nestingIsBoundedByTheParserAndFitsTheImagesThreadStack() throws Exception {
        int limit = StreamReadConstraints.defaults().getMaxNestingDepth();
        JsonDecoder decoder = new JsonDecoder(FACTORY, "app", new JsonFormatConfig("message", Optional.empty(), "iso8601"));
        // The image runs with -Xss512k: the deepest line the parser accepts must decode on such a stack.
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                DecodedLine deepest = new DecodedLine();
                DecodedLine tooDeep = new DecodedLine();
                boolean accepted = decoder.decode(nested(limit), 0, nested(limit).length, deepest);
                boolean refused = !decoder.decode(nested(limit + 1), 0, nested(limit + 1).length, tooDeep);
                result.set(List.of(accepted, refused, new String(deepest.message, deepest.offset, deepest.length,
                        StandardCharsets.UTF_8).length()));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "decode-512k", 512 * 1024);
        t.start();
        t.join();
        assertEquals(List.of(true, true, 2 * (limit - 1)), result.get(),
                "the deepest accepted line decodes (its message is the nested arrays), a deeper one is shipped raw");
    }

    /** {"message": [[[...]]]} with {@code depth} levels in all, the object included. */
    private static byte[] nested(int depth) {
        return ("{\"message\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anythingButOneObjectIsNotJsonForTheFormat() {
        JsonDecoder decoder = new JsonDecoder(FACTORY, "app", new JsonFormatConfig("message", Optional.empty(), "iso8601"));
        for (String line : List.of("", " ", "null", "1", "\"s\"", "[{}]", "{\"a\":1}{", "{\"a\":1} x", "{\"a\":}")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertFalse(decoder.decode(bytes, 0, bytes.length, new DecodedLine()), line);
        }
    }
}
