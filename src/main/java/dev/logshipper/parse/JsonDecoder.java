package dev.logshipper.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.logshipper.config.ShipperConfig.JsonFormatConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Format {@code json}: one JSON object per line.
 * <ul>
 *   <li>Message: the value of {@code json.messageKey}. With the default key {@code message}, the
 *       common alternatives {@code msg} (zap, pino, logrus) and {@code log} are tried next; an explicitly
 *       configured key has no fallback. A string is used as is; another JSON value (number, object)
 *       becomes its JSON text. With no message member, the message is the whole line.</li>
 *   <li>Time: {@code json.timeKey} parsed with {@code json.timeFormat}. A parsed time member is removed
 *       from the fields; one that does not parse is kept there and counted.</li>
 *   <li>Fields: all other members, in line order, as {@link JsonValues} reads them (floats as exact
 *       {@code BigDecimal}s, so numbers survive re-serialisation unchanged).</li>
 * </ul>
 * Anything that is not a single JSON object (arrays, scalars, trailing garbage) is not JSON for this
 * format and is shipped raw. Read with the streaming parser, never data binding (see {@link JsonValues}).
 */
final class JsonDecoder implements LineDecoder {

    private static final List<String> DEFAULT_MESSAGE_KEYS = List.of(JsonFormatConfig.DEFAULT_MESSAGE_KEY, "msg", "log");

    private final JsonFactory factory;
    private final List<String> messageKeys;
    private final Optional<String> timeKey;
    private final TimestampParser timeParser;

    JsonDecoder(JsonFactory factory, String inputName, JsonFormatConfig config) {
        this.factory = factory;
        String key = config == null || config.messageKey() == null ? JsonFormatConfig.DEFAULT_MESSAGE_KEY : config.messageKey();
        this.messageKeys = key.equals(JsonFormatConfig.DEFAULT_MESSAGE_KEY) ? DEFAULT_MESSAGE_KEYS : List.of(key);
        this.timeKey = config == null || config.timeKey() == null ? Optional.empty() : config.timeKey();
        this.timeParser = TimestampParser.of(inputName, config == null ? null : config.timeFormat());
    }

    @Override
    public boolean decode(byte[] line, int offset, int length, DecodedLine out) {
        Map<String, Object> map;
        try (JsonParser p = factory.createParser(line, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            map = JsonValues.readObject(p);
            if (p.nextToken() != null) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        byte[] message = null;
        for (String key : messageKeys) {
            Object value = map.get(key);
            if (value != null) {
                map.remove(key);
                message = messageBytes(value);
                break;
            }
        }
        if (message == null) {
            out.set(line, offset, length);
        } else {
            out.set(message, 0, message.length);
        }
        if (timeKey.isPresent()) {
            Object value = map.get(timeKey.get());
            if (value != null) {
                long ts = timeParser.parse(value);
                if (ts == dev.logshipper.record.ParsedRecord.NO_TIMESTAMP) {
                    out.timestampInvalid = true;
                } else {
                    out.timestampMillis = ts;
                    map.remove(timeKey.get());
                }
            }
        }
        out.fields = map.isEmpty() ? Map.of() : Collections.unmodifiableMap(map);
        return true;
    }

    private byte[] messageBytes(Object value) {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayBuilder bytes = new ByteArrayBuilder();
        try (JsonGenerator g = factory.createGenerator(bytes)) {
            JsonValues.write(g, value);
        } catch (IOException e) {
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }
        return bytes.toByteArray();
    }
}
