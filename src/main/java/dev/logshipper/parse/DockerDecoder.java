package dev.logshipper.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logshipper.record.ParsedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Format {@code docker}: Docker's json-file driver, {@code {"log":"text\n","stream":"stdout","time":"..."}}.
 * A {@code log} value without its trailing newline is a piece of a line Docker split (at 16 KiB); the
 * record stage joins the pieces. Other members (such as {@code attrs}) are ignored. Uses Jackson's
 * streaming parser, so only the {@code log} text is materialised.
 */
final class DockerDecoder implements LineDecoder {

    private final JsonFactory factory;

    DockerDecoder(JsonFactory factory) {
        this.factory = factory;
    }

    @Override
    public boolean decode(byte[] line, int offset, int length, DecodedLine out) {
        String log = null;
        String stream = null;
        String time = null;
        try (JsonParser p = factory.createParser(line, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    switch (name) {
                        case "log" -> log = p.getText();
                        case "stream" -> stream = p.getText();
                        case "time" -> time = p.getText();
                        default -> { }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        if (log == null) {
            return false;
        }
        int end = log.length();
        boolean complete = end > 0 && log.charAt(end - 1) == '\n';
        if (complete) {
            end--;
            if (end > 0 && log.charAt(end - 1) == '\r') {
                end--;
            }
        }
        byte[] message = (end == log.length() ? log : log.substring(0, end)).getBytes(StandardCharsets.UTF_8);
        out.set(message, 0, message.length);
        out.stream = DecodedLine.stream(stream);
        out.partial = !complete;
        if (time != null) {
            out.timestampMillis = Rfc3339.parseMillis(time);
            out.timestampInvalid = out.timestampMillis == ParsedRecord.NO_TIMESTAMP;
        }
        return true;
    }
}
