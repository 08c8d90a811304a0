package dev.logshipper.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.bytes.JsonOutput;
import dev.logshipper.record.ParsedRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EnvelopeEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "3f1c0b8e9d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";

    private final List<String> dropped = new ArrayList<>();
    private int unparsable;
    private final EnrichListener listener = new EnrichListener() {
        @Override public void envelopeFieldDropped(String key) {
            dropped.add(key);
        }

        @Override public void mergeJsonLogUnparsable() {
            unparsable++;
        }
    };

    private static final FileMetadata METADATA = new FileMetadata("demo", "logdemo", "web-0", "uid-1",
            "fargate-ip-1", "app", null, "spring", "application",
            Map.of("app", "appf", "app.kubernetes.io/name", "spring"), Map.of("note", "say \"hi\"\n"));

    @Test
    void producesTheReferenceFluentdShape() throws Exception {
        JsonNode actual = encode(false, record("Time: Wed Jun 24 19:29:18 UTC 2020 abc", "stdout", Map.of()), METADATA);

        assertEquals(JSON.readTree("""
                {"log":"Time: Wed Jun 24 19:29:18 UTC 2020 abc","stream":"stdout",
                 "kubernetes":{"pod_name":"web-0","namespace_name":"logdemo","pod_id":"uid-1","host":"fargate-ip-1",
                               "container_name":"app",
                               "labels":{"app":"appf","app.kubernetes.io/name":"spring"},
                               "annotations":{"note":"say \\"hi\\"\\n"}}}"""), actual);
    }

    @Test
    void leavesOutWhatIsUnknownAndAddsTheContainerIdLikeFluentd() throws Exception {
        FileMetadata kubelet = new FileMetadata(null, "ns", "pod", null, null, "c", ID, "i", "f", Map.of(), Map.of());

        JsonNode actual = encode(false, record("x", null, Map.of()), kubelet);

        assertEquals(JSON.readTree("""
                {"log":"x","kubernetes":{"pod_name":"pod","namespace_name":"ns","container_name":"c"},
                 "docker":{"container_id":"%s"}}""".formatted(ID)), actual);
    }

    @Test
    void escapesTheMessageAndKeepsItExact() throws Exception {
        String message = "quote \" backslash \\ nul \u0000 bell \u0007 tab \t caf\u00e9 \u65e5\u672c \uD83D\uDE00";
        byte[] out = new EnvelopeEncoder(false, listener)
                .encode(record(message, null, Map.of()), MetadataBlock.encode(METADATA));

        JsonOutput.assertValidUtf8(out);
        JsonOutput.assertNoRawControlBytes(out);
        assertEquals(message, JSON.readTree(out).get("log").textValue());
    }

    @Test
    void invalidUtf8InTheMessageNeverReachesTheOutput() throws Exception {
        byte[] bad = {'a', (byte) 0xff, 'b', (byte) 0xc3};
        byte[] out = new EnvelopeEncoder(false, listener).encode(
                new ParsedRecord(bad, ParsedRecord.NO_TIMESTAMP, null, Map.of(), 0, 5), MetadataBlock.encode(METADATA));

        JsonOutput.assertValidUtf8(out);
        assertEquals("a\ufffdb\ufffd", JSON.readTree(out).get("log").textValue());
    }

    @Test
    void keepsTheJsonLinesOtherFieldsAtTopLevel() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("level", "INFO");
        fields.put("thread", "main");
        fields.put("n", 3);
        fields.put("ctx", Map.of("user", "u1"));

        JsonNode actual = encode(false, record("started", null, fields), METADATA);

        assertEquals("started", actual.get("log").textValue());
        assertEquals("INFO", actual.get("level").textValue());
        assertEquals(3, actual.get("n").intValue());
        assertEquals("u1", actual.at("/ctx/user").textValue());
        assertEquals(List.of(), dropped);
    }

    @Test
    void envelopeMembersWinOverLineFields() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("log", "from line");
        fields.put("stream", "from line");
        fields.put("kubernetes", "from line");
        fields.put("docker", "kept: no container id, so no docker member");

        JsonNode actual = encode(false, record("msg", "stderr", fields), METADATA);

        assertEquals("msg", actual.get("log").textValue());
        assertEquals("stderr", actual.get("stream").textValue());
        assertEquals("web-0", actual.at("/kubernetes/pod_name").textValue());
        assertEquals("kept: no container id, so no docker member", actual.get("docker").textValue());
        assertEquals(List.of("log", "stream", "kubernetes"), dropped);
    }

    @Test
    void streamFieldIsKeptWhenTheFormatHasNoStream() throws Exception {
        JsonNode actual = encode(false, record("msg", null, Map.of("stream", "app-stream")), METADATA);
        assertEquals("app-stream", actual.get("stream").textValue());
    }

    @Test
    void mergeJsonLogMergesTheMessagesMembersUnderTheDocumentedPrecedence() throws Exception {
        String message = "{\"level\":\"warn\",\"msg\":\"disk \\\"low\\\"\",\"log\":\"inner\",\"kubernetes\":1,"
                + "\"user\":\"from message\",\"nested\":{\"a\":[1,2]}}";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("user", "from line");

        JsonNode actual = encode(true, record(message, "stdout", fields), METADATA);

        assertEquals(message, actual.get("log").textValue(), "log keeps the original text");
        assertEquals("warn", actual.get("level").textValue());
        assertEquals("disk \"low\"", actual.get("msg").textValue());
        assertEquals("from line", actual.get("user").textValue(), "line fields win over merged members");
        assertEquals("web-0", actual.at("/kubernetes/pod_name").textValue(), "envelope wins over merged members");
        assertEquals(2, actual.at("/nested/a/1").intValue());
        assertEquals(List.of("log", "kubernetes", "user"), dropped);
    }

    @Test
    void mergeJsonLogLeavesOtherMessagesAsText() throws Exception {
        for (String message : List.of("plain text", "[1,2]", "{\"broken\": ", "{\"a\":1} trailing",
                "{not json}", "{\"a\":1} {\"b\":2}")) {
            JsonNode actual = encode(true, record(message, null, Map.of()), METADATA);
            assertEquals(message, actual.get("log").textValue());
            assertEquals(2, actual.size(), () -> "only log and kubernetes: " + actual);
        }
        assertEquals(2, unparsable, "only those framed like an object ({...}) count");
    }

    @Test
    void withoutMergeJsonLogAJsonMessageStaysText() throws Exception {
        JsonNode actual = encode(false, record("{\"level\":\"warn\"}", null, Map.of()), METADATA);
        assertFalse(actual.has("level"));
    }

    private JsonNode encode(boolean merge, ParsedRecord record, FileMetadata metadata) throws Exception {
        byte[] out = new EnvelopeEncoder(merge, listener).encode(record, MetadataBlock.encode(metadata));
        JsonOutput.assertValidUtf8(out);
        return JSON.readTree(out);
    }

    static ParsedRecord record(String message, String stream, Map<String, Object> fields) {
        return new ParsedRecord(message.getBytes(StandardCharsets.UTF_8), ParsedRecord.NO_TIMESTAMP, stream, fields,
                0, message.length() + 1L);
    }
}
