package dev.logshipper.enrich;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.bytes.JsonByteWriter;
import dev.logshipper.record.ParsedRecord;

import java.io.IOException;
import java.util.Map;

/**
 * Encodes a record as the JSON envelope the reference Fluentd setup produced:
 * <pre>{"log":"&lt;message&gt;","stream":"stdout","kubernetes":{...},"docker":{...},&lt;other fields&gt;}</pre>
 *
 * <p>{@code log} is the message text. {@code stream} is written only when the format knows it (CRI, docker).
 * The metadata members come pre-encoded from the file's {@link MetadataBlock} and are copied as bytes.
 * Then come the record's other fields (the remaining members of a JSON-format line), in the line's order.
 *
 * <p><b>{@code mergeJsonLog}</b> (like Fluent Bit's {@code Merge_Log}): when the message itself is a JSON
 * object, its members are also written at the top level, after the fields; {@code log} keeps the original
 * text (Fluent Bit's default {@code Keep_Log On}), so nothing is lost. A message that looks like an object but
 * does not parse is kept as text and counted.
 *
 * <p><b>Precedence on a name clash</b>, highest first: the envelope's own members ({@code log},
 * {@code stream} when written, {@code kubernetes}, {@code docker} when written), then the record's fields, then
 * members merged from the message. The loser is left out and counted
 * ({@link EnrichListener#envelopeFieldDropped}), so the output never has duplicate keys; a merged member is
 * never truly lost since {@code log} still holds the full text.
 *
 * <p>Not thread-safe: one instance per file, reusing its scratch buffer.
 */
final class EnvelopeEncoder {

    static final String LOG_KEY = "log";
    static final String STREAM_KEY = "stream";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final boolean mergeJsonLog;
    private final EnrichListener listener;
    private final JsonByteWriter out = new JsonByteWriter(1024);

    EnvelopeEncoder(boolean mergeJsonLog, EnrichListener listener) {
        this.mergeJsonLog = mergeJsonLog;
        this.listener = listener;
    }

    /** The envelope of {@code record} as a new array (tests; the hot path uses {@link #encodeInto}). */
    byte[] encode(ParsedRecord record, MetadataBlock metadata) {
        int length = encodeInto(record, metadata);
        return java.util.Arrays.copyOf(buffer(), length);
    }

    /** Drops a buffer grown by a large record (call after the envelope was handed over). */
    void trim() {
        out.reset(64 * 1024, 1024);
    }

    /** The array {@link #encodeInto} wrote to: valid until its next call (the sink copies what it keeps). */
    byte[] buffer() {
        return out.buffer();
    }

    /**
     * Writes the envelope of {@code record} into {@link #buffer()} and returns its length: no array per record, since
     * the envelope is often twice the message and is built for every record.
     */
    int encodeInto(ParsedRecord record, MetadataBlock metadata) {
        byte[] message = record.message();
        int length = record.messageLength();
        out.reset();
        out.writeByte('{');
        out.writeKey(LOG_KEY);
        out.writeUtf8String(message, 0, length);
        String stream = record.stream();
        if (stream != null) {
            out.writeByte(',');
            out.writeKey(STREAM_KEY);
            out.writeString(stream);
        }
        out.writeByte(',');
        out.writeRaw(metadata.json());
        Map<String, Object> fields = record.fields();
        if (fields != null) {
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                String key = e.getKey();
                if (isEnvelopeKey(key, stream != null, metadata)) {
                    listener.envelopeFieldDropped(key);
                    continue;
                }
                out.writeByte(',');
                out.writeKey(key);
                out.writeValue(e.getValue());
            }
        }
        if (mergeJsonLog) {
            JsonNode merged = parseObject(message, length);
            if (merged != null) {
                for (Map.Entry<String, JsonNode> e : merged.properties()) {
                    String key = e.getKey();
                    if (isEnvelopeKey(key, stream != null, metadata) || (fields != null && fields.containsKey(key))) {
                        listener.envelopeFieldDropped(key);
                        continue;
                    }
                    out.writeByte(',');
                    out.writeKey(key);
                    out.writeNode(e.getValue());
                }
            }
        }
        out.writeByte('}');
        return out.size();
    }

    private static boolean isEnvelopeKey(String key, boolean streamWritten, MetadataBlock metadata) {
        return LOG_KEY.equals(key) || (streamWritten && STREAM_KEY.equals(key)) || metadata.writes(key);
    }

    /** The message as a JSON object, or null when it is not one. */
    private JsonNode parseObject(byte[] message, int length) {
        int start = 0;
        int end = length;
        while (start < end && isJsonWhitespace(message[start])) {
            start++;
        }
        while (end > start && isJsonWhitespace(message[end - 1])) {
            end--;
        }
        if (end - start < 2 || message[start] != '{' || message[end - 1] != '}') {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(message, start, end - start);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException notJson) {
            // counted below; the message stays text
        }
        listener.mergeJsonLogUnparsable();
        return null;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
