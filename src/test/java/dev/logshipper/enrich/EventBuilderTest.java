package dev.logshipper.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.config.ShipperConfig.CloudWatchConfig;
import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.MessageShape;
import dev.logshipper.config.ShipperConfig.OutOfWindowPolicy;
import dev.logshipper.config.ShipperConfig.StartAt;
import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.Destination;
import dev.logshipper.record.LogEventSink;
import dev.logshipper.record.ParsedRecord;
import dev.logshipper.record.RecordSink;
import dev.logshipper.record.RejectReason;
import dev.logshipper.record.SourceFile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long READ_TIME = 1_717_000_000_000L;
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(READ_TIME));
    private static final String ID = "3f1c0b8e9d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";

    private static final PodMetadata POD = new PodMetadata("fargate-log-gen-x2k8q", "logdemo", "uid-1",
            "fargate-ip-1", "10.0.0.1", "logdemo-sa", "eksfargate-logging-demo",
            Map.of("app", "appf"), Map.of("team", "logs"));

    /** An event as the sink was given it. */
    private record Submitted(long timestampMillis, byte[] message, int messageLength, Destination destination,
                             Acknowledgement ack) {
    }

    private final List<Submitted> submitted = new ArrayList<>();
    /** Keeps each event as handed over (the array itself, to check that no copy is made on the way). */
    private final LogEventSink collect = new LogEventSink() {
        @Override
        public void submit(long timestamp, byte[] message, int length, Destination destination, Acknowledgement ack) {
            submitted.add(new Submitted(timestamp, message, length, destination, ack));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final AtomicReference<PodMetadata> pod = new AtomicReference<>(POD);

    private EventBuilderFactory factory(InputConfig... inputs) {
        return factory(pod::get, inputs);
    }

    private EventBuilderFactory factory(PodMetadataSource metadata, InputConfig... inputs) {
        return new EventBuilderFactory(List.of(inputs), cloudwatch("/aws/containerinsights/{cluster}/{namespace}",
                "{pod_name}/{container_name}"), metadata, collect, CLOCK, EnrichListener.NONE);
    }

    @Test
    void messageShapeSendsTheBytesAsTheyAreWithTheRecordTimestamp() throws Exception {
        RecordSink sink = factory(input("app", MessageShape.MESSAGE)).apply(file("/var/log/containers/application.log", "app"));
        ParsedRecord record = new ParsedRecord(utf8("Time: hello"), 1_600_000_000_123L, null, Map.of(), 0, 12);
        Acknowledgement ack = new RecordingAck();

        sink.accept(record, ack);

        Submitted event = submitted.getFirst();
        assertSame(record.message(), event.message());
        assertEquals(1_600_000_000_123L, event.timestampMillis());
        assertEquals(new Destination("/aws/containerinsights/eksfargate-logging-demo/logdemo",
                "fargate-log-gen-x2k8q/app"), event.destination());
        assertSame(ack, event.ack());
    }

    @Test
    void recordWithoutTimestampGetsTheReadTime() throws Exception {
        RecordSink sink = factory(input("app", MessageShape.MESSAGE)).apply(file("/logs/a.log", "app"));
        sink.accept(new ParsedRecord(utf8("x"), ParsedRecord.NO_TIMESTAMP, null, Map.of(), 0, 2), Acknowledgement.NONE);
        assertEquals(READ_TIME, submitted.getFirst().timestampMillis());
    }

    @Test
    void emptyMessageIsRejectedNotSubmitted() throws Exception {
        int[] counted = {0};
        EventBuilderFactory f = new EventBuilderFactory(List.of(input("app", MessageShape.MESSAGE)),
                cloudwatch("/g", "s"), pod::get, collect, CLOCK, new EnrichListener() {
                    @Override public void emptyMessageRejected() {
                        counted[0]++;
                    }
                });
        RecordingAck ack = new RecordingAck();

        f.apply(file("/logs/a.log", "app")).accept(new ParsedRecord(new byte[0], 5L, null, Map.of(), 0, 1), ack);

        assertEquals(List.of(), submitted);
        assertEquals(List.of(RejectReason.EMPTY), ack.rejections);
        assertEquals(1, counted[0]);
    }

    @Test
    void envelopeCarriesThePodMetadataAndTheKubeletFileNamesWin() throws Exception {
        RecordSink sink = factory(input("app", MessageShape.ENVELOPE)).apply(
                file("/var/log/containers/fargate-log-gen-x2k8q_logdemo_sidecar-" + ID + ".log", "app"));

        sink.accept(EnvelopeEncoderTest.record("hello", "stdout", Map.of()), Acknowledgement.NONE);

        Submitted event = submitted.getFirst();
        JsonNode json = JSON.readTree(event.message());
        assertEquals("hello", json.get("log").textValue());
        assertEquals("sidecar", json.at("/kubernetes/container_name").textValue());
        assertEquals("uid-1", json.at("/kubernetes/pod_id").textValue(), "same pod as the env: uid attached");
        assertEquals("appf", json.at("/kubernetes/labels/app").textValue());
        assertEquals(ID, json.at("/docker/container_id").textValue());
        assertEquals("fargate-log-gen-x2k8q/sidecar", event.destination().logStream());
    }

    @Test
    void anotherPodsKubeletFileDoesNotGetThisPodsLabels() throws Exception {
        EventBuilder builder = (EventBuilder) factory(input("app", MessageShape.ENVELOPE))
                .apply(file("/var/log/containers/other-pod_otherns_web-" + ID + ".log", "app"));

        FileMetadata m = builder.fileMetadata();

        assertEquals("other-pod", m.podName());
        assertEquals("otherns", m.namespace());
        assertEquals(null, m.podUid());
        assertEquals(Map.of(), m.labels());
        assertEquals("fargate-ip-1", m.nodeName(), "same node");
        assertEquals("/aws/containerinsights/eksfargate-logging-demo/otherns", builder.destination().logGroup());
    }

    /**
     * With the tailer saying when it read ({@link RecordSink#onRead}), records without a timestamp get that time and
     * the pod metadata is looked at once per read, not per record (each look costs a clock read).
     */
    @Test
    void theTailersReadTimeStampsRecordsAndPacesTheMetadataChecks() throws Exception {
        AtomicReference<Integer> looks = new AtomicReference<>(0);
        RecordSink sink = factory(() -> {
            looks.set(looks.get() + 1);
            return pod.get();
        }, input("app", MessageShape.MESSAGE)).apply(file("/logs/a.log", "app"));
        int atStart = looks.get();

        sink.onRead(READ_TIME - 5_000);
        sink.accept(new ParsedRecord(utf8("x"), ParsedRecord.NO_TIMESTAMP, null, Map.of(), 0, 2), Acknowledgement.NONE);
        sink.accept(new ParsedRecord(utf8("y"), ParsedRecord.NO_TIMESTAMP, null, Map.of(), 2, 4), Acknowledgement.NONE);
        sink.accept(new ParsedRecord(utf8("z"), 1_600_000_000_123L, null, Map.of(), 4, 6), Acknowledgement.NONE);
        assertEquals(List.of(READ_TIME - 5_000, READ_TIME - 5_000, 1_600_000_000_123L),
                submitted.stream().map(Submitted::timestampMillis).toList(), "the read time, not the clock's");
        assertEquals(atStart + 1, looks.get(), "one look at the metadata per read");

        pod.set(new PodMetadata("fargate-log-gen-x2k8q", "otherns", "uid-1", "fargate-ip-1", "10.0.0.1", "logdemo-sa",
                "eksfargate-logging-demo", Map.of("app", "appf"), Map.of("team", "logs")));
        sink.accept(new ParsedRecord(utf8("before the next read"), ParsedRecord.NO_TIMESTAMP, null, Map.of(), 6, 27),
                Acknowledgement.NONE);
        sink.onRead(READ_TIME);
        sink.accept(new ParsedRecord(utf8("after it"), ParsedRecord.NO_TIMESTAMP, null, Map.of(), 27, 36),
                Acknowledgement.NONE);
        assertEquals("/aws/containerinsights/eksfargate-logging-demo/logdemo", submitted.get(3).destination().logGroup());
        assertEquals("/aws/containerinsights/eksfargate-logging-demo/otherns", submitted.get(4).destination().logGroup());
        assertEquals(READ_TIME, submitted.get(4).timestampMillis());
    }

    @Test
    void metadataBytesAreEncodedOncePerFileAndReusedUntilTheyChange() throws Exception {
        InputConfig input = new InputConfig("app", List.of("/logs/*.log"), List.of(), Format.RAW, null, null, "app",
                StartAt.HEAD, Optional.empty(), Optional.of("{pod_name}/{labels.version}"), MessageShape.ENVELOPE,
                false);
        EventBuilder builder = (EventBuilder) factory(input).apply(file("/logs/a.log", "app"));
        MetadataBlock first = builder.metadataBlock();

        builder.accept(EnvelopeEncoderTest.record("one", null, Map.of()), Acknowledgement.NONE);
        builder.accept(EnvelopeEncoderTest.record("two", null, Map.of()), Acknowledgement.NONE);
        assertSame(first, builder.metadataBlock());
        assertTrue(containsBytes(submitted.get(1).message(), first.json()), "the block's bytes are copied into the record");

        pod.set(POD.withPodInfo(POD.labels(), POD.annotations())); // new instance, same content
        builder.accept(EnvelopeEncoderTest.record("three", null, Map.of()), Acknowledgement.NONE);
        assertSame(first, builder.metadataBlock(), "equal metadata is not re-encoded");

        pod.set(POD.withPodInfo(Map.of("app", "appf", "version", "2"), POD.annotations()));
        builder.accept(EnvelopeEncoderTest.record("four", null, Map.of()), Acknowledgement.NONE);
        assertNotSame(first, builder.metadataBlock());
        JsonNode json = JSON.readTree(submitted.get(3).message());
        assertEquals("2", json.at("/kubernetes/labels/version").textValue());
        assertEquals("fargate-log-gen-x2k8q/unknown", submitted.get(0).destination().logStream());
        assertEquals("fargate-log-gen-x2k8q/2", submitted.get(3).destination().logStream());
    }

    @Test
    void inputTemplatesOverrideTheCloudwatchDefaults() throws Exception {
        InputConfig spring = new InputConfig("spring", List.of("/logs/*.log"), List.of(), Format.RAW, null, null,
                "springapp", StartAt.HEAD, Optional.of("/aws/containerinsights/{cluster}/springapp"),
                Optional.of("springlogs"), MessageShape.MESSAGE, false);
        RecordSink sink = factory(spring, input("other", MessageShape.MESSAGE)).apply(file("/logs/application.log", "spring"));

        sink.accept(EnvelopeEncoderTest.record("x", null, Map.of()), Acknowledgement.NONE);

        assertEquals(new Destination("/aws/containerinsights/eksfargate-logging-demo/springapp", "springlogs"),
                submitted.getFirst().destination());
    }

    @Test
    void aBadTemplateFailsAtConstructionNamingItsKey() {
        InputConfig bad = new InputConfig("app", List.of("/logs/*.log"), List.of(), Format.RAW, null, null, "app",
                StartAt.HEAD, Optional.of("/x/{pod}"), Optional.empty(), MessageShape.MESSAGE, false);
        CloudWatchConfig cw = cloudwatch("/g", "{pod_name}:{nope}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EventBuilderFactory(
                List.of(bad), cw, pod::get, collect, CLOCK, EnrichListener.NONE));
        assertTrue(e.getMessage().startsWith("inputs.app.logGroup: '/x/{pod}' has an unknown placeholder {pod}"),
                e::getMessage);
        e = assertThrows(IllegalArgumentException.class, () -> new EventBuilderFactory(
                List.of(input("two", MessageShape.MESSAGE)), cw, pod::get, collect, CLOCK, EnrichListener.NONE));
        assertTrue(e.getMessage().startsWith("cloudwatch.logStream: '{pod_name}:{nope}' has an unknown placeholder {nope}"),
                e::getMessage);
    }

    @Test
    void unknownInputIsAnError() {
        EventBuilderFactory f = factory(input("app", MessageShape.MESSAGE));
        assertThrows(IllegalArgumentException.class, () -> f.apply(file("/logs/a.log", "nope")));
    }

    private static InputConfig input(String name, MessageShape shape) {
        return new InputConfig(name, List.of("/var/log/containers/*.log"), List.of(), Format.RAW, null, null, "app",
                StartAt.HEAD, Optional.empty(), Optional.empty(), shape, false);
    }

    private static CloudWatchConfig cloudwatch(String group, String stream) {
        return new CloudWatchConfig(Optional.empty(), Optional.empty(), group, stream, true, Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), Duration.ofSeconds(1), 4, OutOfWindowPolicy.CLAMP,
                Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private static SourceFile file(String path, String input) {
        return new SourceFile(Path.of(path), input);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean containsBytes(byte[] haystack, byte[] needle) {
        // ISO-8859-1: one char per byte, so a byte sequence is found as a substring.
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
    }

    private static final class RecordingAck implements Acknowledgement {
        final List<RejectReason> rejections = new ArrayList<>();

        @Override public void delivered() {
        }

        @Override public void rejected(RejectReason reason) {
            rejections.add(reason);
        }
    }
}
