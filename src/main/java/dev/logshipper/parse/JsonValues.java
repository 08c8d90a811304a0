package dev.logshipper.parse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain Java values from and to JSON with Jackson's streaming parser and generator: objects become
 * {@link LinkedHashMap}s in member order (a repeated name keeps its last value), arrays {@link ArrayList}s,
 * integers the smallest of {@link Integer}, {@link Long} and {@link BigInteger}, other numbers exact
 * {@link BigDecimal}s (so {@code 1.50} is written back as {@code 1.50}), and strings, booleans and null as such.
 *
 * <p>Not data binding on purpose: binding needs reflection, which a native image has only for registered types.
 * Nesting is bounded by the parser's {@code StreamReadConstraints} (an over-deep line fails to parse).
 */
final class JsonValues {

    private JsonValues() {
    }

    /** Reads the object whose {@link JsonToken#START_OBJECT} is the parser's current token, up to its end. */
    static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            map.put(name, readValue(p));
        }
        return map;
    }

    /** Reads the value that starts at the parser's current token. */
    static Object readValue(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        return switch (token) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> readArray(p);
            case null, default -> throw new IOException("unexpected JSON token " + token);
        };
    }

    private static List<Object> readArray(JsonParser p) throws IOException {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(readValue(p));
        }
        return list;
    }

    /** Writes a value of the kinds {@link #readValue} returns. */
    static void write(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer n -> g.writeNumber(n);
            case Long n -> g.writeNumber(n);
            case BigInteger n -> g.writeNumber(n);
            case BigDecimal n -> g.writeNumber(n);
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            default -> g.writeString(value.toString());
        }
    }
}
