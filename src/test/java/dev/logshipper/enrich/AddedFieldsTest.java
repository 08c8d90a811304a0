package dev.logshipper.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.config.ShipperConfig.AddConfig;
import dev.logshipper.config.ShipperConfig.CloudWatchConfig;
import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.MessageShape;
import dev.logshipper.config.ShipperConfig.OutOfWindowPolicy;
import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.names.NameTemplate;
import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.Destination;
import dev.logshipper.record.LogEventSink;
import dev.logshipper.record.ParsedRecord;
import dev.logshipper.record.RecordSink;
import dev.logshipper.record.SourceFile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The add filter's fields in the envelope: rendered per file from the pod metadata, re-rendered when it changes. */
class AddedFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> sent = new ArrayList<>();
    private final LogEventSink sink = new LogEventSink() {
        @Override
        public void submit(long timestamp, byte[] message, int length, Destination destination, Acknowledgement ack) {
            sent.add(new String(message, 0, length, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final AtomicReference<PodMetadata> pod = new AtomicReference<>(pod("appf"));

    private static PodMetadata pod(String app) {
        return new PodMetadata("web-1", "shop", "uid-1", "node-1", "10.0.0.1", "sa", "prod", Map.of("app", app),
                Map.of());
    }

    private RecordSink builder(AddConfig... adds) {
        InputConfig input = new InputConfig("app", List.of("/logs/*.log"), List.of(), Format.JSON, null, null, "app",
                StartAt.HEAD, Optional.empty(), Optional.empty(), MessageShape.ENVELOPE, false, List.of(adds));
        CloudWatchConfig cw = new CloudWatchConfig(Optional.empty(), Optional.empty(), "/g", "s", true,
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Duration.ofSeconds(1), 4,
                OutOfWindowPolicy.CLAMP, Duration.ofSeconds(10), Duration.ofSeconds(30));
        return new EventBuilderFactory(List.of(input), cw, pod::get, sink,
                InstantSource.fixed(Instant.EPOCH), EnrichListener.NONE).apply(new SourceFile(Path.of("/logs/a.log"), "app"));
    }

    private JsonNode send(RecordSink builder, Map<String, Object> fields) throws Exception {
        builder.accept(new ParsedRecord("hello".getBytes(StandardCharsets.UTF_8), 1L, null, fields, 0, 6),
                Acknowledgement.NONE);
        return JSON.readTree(sent.getLast());
    }

    @Test
    void addedFieldsAreWrittenWithTemplatesRenderedAndReplaceRecordFieldsOfTheSameName() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("team", "payments");
        fields.put("app", "{labels.app}/{pod_name}");
        fields.put("tier", "{labels.tier}");
        RecordSink builder = builder(new AddConfig(fields), new AddConfig(Map.of("team", "checkout")));
        JsonNode envelope = send(builder, Map.of("team", "from-the-line", "user", "bob"));
        assertEquals("checkout", envelope.get("team").asText(), "a later add replaces an earlier one, and the line's");
        assertEquals("appf/web-1", envelope.get("app").asText());
        assertEquals(NameTemplate.MISSING_VALUE, envelope.get("tier").asText());
        assertEquals("bob", envelope.get("user").asText());
        assertEquals("hello", envelope.get("log").asText());
        assertEquals(1, sent.getLast().split("\"team\"").length - 1, "no duplicate key");
    }

    @Test
    void addedFieldsFollowThePodMetadata() throws Exception {
        RecordSink builder = builder(new AddConfig(Map.of("app", "{labels.app}")));
        assertEquals("appf", send(builder, Map.of()).get("app").asText());
        pod.set(pod("appg"));
        assertEquals("appg", send(builder, Map.of()).get("app").asText());
    }
}
