package dev.logshipper.testing;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark mode's one-pass PutLogEvents counter agrees with the strict model and enforces the batch limits. */
class FastPutLogEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T = 1_760_000_000_000L;

    private record Event(long timestamp, String message) {
    }

    private static byte[] body(List<Event> events, boolean escapeNonAscii) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("logGroupName", "/g").put("logStreamName", "s");
        ArrayNode array = root.putArray("logEvents");
        events.forEach(e -> array.addObject().put("timestamp", e.timestamp()).put("message", e.message()));
        ObjectMapper writer = escapeNonAscii
                ? JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build() : JSON;
        return writer.writeValueAsBytes(root);
    }

    private static FastPutLogEvents.Counted count(byte[] body) throws IOException {
        return FastPutLogEvents.count(body, body.length, null, 0);
    }

    private static long accounted(List<Event> events) {
        return events.stream().mapToLong(e -> e.message().getBytes(StandardCharsets.UTF_8).length + 26L).sum();
    }

    @Test
    void countsTheUnescapedUtf8BytesAsCloudWatchDoesWhateverTheEscaping() throws IOException {
        List<Event> events = List.of(new Event(T, "plain"), new Event(T, "quote \" backslash \\ newline \n tab \t nul \u0000"),
                new Event(T + 1, "é € 😀 中文"), new Event(T + 2, "x".repeat(5000)));
        for (boolean escapeNonAscii : new boolean[] {false, true}) {
            FastPutLogEvents.Counted counted = count(body(events, escapeNonAscii));
            assertEquals(4, counted.events());
            assertEquals(accounted(events), counted.accountedBytes(), "escapeNonAscii " + escapeNonAscii);
        }
    }

    @Test
    void readsMembersInAnyOrderAndSkipsUnknownOnes() throws IOException {
        byte[] body = """
                { "sequenceToken" : null, "entity": {"keyAttributes": {"a": [1, "}"]}},
                  "logEvents" : [ {"message":"a\\"b", "timestamp": 5}, {"timestamp":6,"message":"c"} ],
                  "logStreamName":"s", "logGroupName":"g" }""".getBytes(StandardCharsets.UTF_8);
        FastPutLogEvents.Counted counted = count(body);
        assertEquals(2, counted.events());
        assertEquals(3 + 1 + 2 * 26, counted.accountedBytes());
    }

    @Test
    void enforcesTheBatchLimitsAShipperCanGetWrong() throws IOException {
        List<Event> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(new Event(T, "m"));
        }
        assertEquals(10_000, count(body(tooMany.subList(0, 10_000), false)).events());
        assertInvalid(body(tooMany, false), "less than or equal to 10000");

        String big = "y".repeat(1_048_576 / 2 - 26);
        List<Event> full = List.of(new Event(T, big), new Event(T, big));
        assertEquals(1_048_576, count(body(full, false)).accountedBytes());
        assertInvalid(body(List.of(new Event(T, big), new Event(T, big + "z")), false), "Upload too large");

        assertInvalid(body(List.of(new Event(T + 1, "a"), new Event(T, "b")), false), "chronological order");
        assertInvalid(body(List.of(new Event(T, "a"), new Event(T + 24 * 3_600_000L + 1, "b")), false), "24 hours");
        assertInvalid(body(List.of(new Event(T, "")), false), "greater than or equal to 1");
        assertInvalid(body(List.of(), false), "logEvents");
        assertInvalid("{\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1,\"message\":\"a\"}]}"
                .getBytes(StandardCharsets.UTF_8), "logGroupName");
        assertThrows(IOException.class, () -> count("{\"logGroupName\":\"g\",\"logEvents\":[{\"timestamp\":1,\"message\":\"a"
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertInvalid(byte[] body, String messagePart) {
        AwsServiceError e = assertThrows(AwsServiceError.class, () -> count(body));
        assertEquals("InvalidParameterException", e.errorType());
        if (!e.getMessage().contains(messagePart)) {
            throw new AssertionError("expected '" + messagePart + "' in: " + e.getMessage());
        }
    }

    @Test
    void recordsTheWriteToAckLatencyOfStampedMessagesOnly() throws IOException {
        LatencyHistogram latency = new LatencyHistogram();
        long now = 1_760_000_000_000_000L; // epoch micros
        List<Event> events = List.of(new Event(T, "@" + (now - 250_000) + " stamped 250 ms ago"),
                new Event(T, "@" + (now - 1_500_000) + " stamped 1.5 s ago"), new Event(T, "no stamp"),
                new Event(T, "@12ab not a stamp"));
        byte[] body = body(events, false);
        FastPutLogEvents.count(body, body.length, latency, now);
        assertEquals(2, latency.count());
        assertEquals(250, latency.percentileMillis(0.5));
        assertEquals(1500, latency.percentileMillis(0.99));
    }

    @Test
    void theFastEndpointAcceptsTheSdkClientAndCountsWhatItAccepted() throws Exception {
        try (FakeCloudWatchLogs fake = FakeCloudWatchLogs.builder().fast(true).storeEvents(false).start();
             CloudWatchLogsClient client = TestSdkClients.forFake(fake)) {
            client.putLogEvents(r -> r.logGroupName("/g").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("héllo").build(),
                    InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("world").build()));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(fake.endpoint() + "/_fake/stats")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode stats = JSON.readTree(response.body());
            assertEquals(2, stats.get("acceptedEvents").asLong());
            assertEquals(6 + 5 + 2 * 26, stats.get("acceptedBytes").asLong());
            assertEquals(1, stats.get("requests").get("PutLogEvents").asLong());
            assertTrue(stats.get("firstAcceptedAtMillis").asLong() > 0, "first acceptance time recorded");
        }
    }
}
