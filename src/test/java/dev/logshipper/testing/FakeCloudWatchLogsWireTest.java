package dev.logshipper.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.UnrecognizedClientException;

/**
 * The raw protocol: envelope checks, the exact error body, response headers, SigV4 verification of
 * requests signed by hand the way the shipper signs its self-encoded PutLogEvents, and the control API.
 */
class FakeCloudWatchLogsWireTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeCloudWatchLogs fake;

    @BeforeEach
    void start() {
        fake = FakeCloudWatchLogs.builder().clock(() -> NOW)
                .credentials(TestSdkClients.ACCESS_KEY, TestSdkClients.SECRET_KEY).start();
        fake.createStream("g", "s");
    }

    @AfterEach
    void stop() {
        http.close();
        fake.close();
    }

    @Test
    void answersErrorsWithTheExactAwsJsonBodyAndARequestId() throws Exception {
        HttpResponse<String> response = send(signed("PutLogEvents",
                "{\"logGroupName\":\"missing\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1,\"message\":\"m\"}]}"));

        assertEquals(400, response.statusCode());
        assertEquals("{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log group does not exist.\"}",
                response.body());
        assertEquals("application/x-amz-json-1.1", response.headers().firstValue("Content-Type").orElseThrow());
        assertFalse(response.headers().firstValue("x-amzn-RequestId").orElseThrow().isBlank());
    }

    @Test
    void acceptsARequestSignedByHandWithThePayloadHash() throws Exception {
        String body = "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":"
                + NOW.toEpochMilli() + ",\"message\":\"hand made\"}]}";
        HttpRequest request = signed("PutLogEvents", body);
        assertTrue(request.headers().firstValue("x-amz-content-sha256").isPresent(), "test must exercise the hash check");

        HttpResponse<String> response = send(request);

        assertEquals(200, response.statusCode(), response.body());
        assertNotNull(JSON.readTree(response.body()).get("nextSequenceToken"));
        assertEquals(List.of(new StoredEvent(NOW.toEpochMilli(), "hand made")), fake.events("g", "s"));
        assertEquals(response.headers().firstValue("x-amzn-RequestId").orElseThrow(), fake.batches().getFirst().requestId());
    }

    @Test
    void rejectsABodyThatDoesNotMatchItsSignedHash() throws Exception {
        HttpRequest original = signed("PutLogEvents", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":"
                + "[{\"timestamp\":" + NOW.toEpochMilli() + ",\"message\":\"original\"}]}");
        HttpRequest tampered = withBody(original, "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":"
                + "[{\"timestamp\":" + NOW.toEpochMilli() + ",\"message\":\"tampered\"}]}");

        HttpResponse<String> response = send(tampered);

        assertEquals(400, response.statusCode());
        assertEquals("InvalidSignatureException", JSON.readTree(response.body()).get("__type").asText());
        assertTrue(fake.allMessages().isEmpty());
    }

    @Test
    void rejectsRequestsWithoutSigV4Authorization() throws Exception {
        HttpRequest unsigned = HttpRequest.newBuilder(fake.endpoint())
                .header("X-Amz-Target", "Logs_20140328.CreateLogGroup")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"logGroupName\":\"x\"}")).build();
        HttpRequest basicAuth = HttpRequest.newBuilder(fake.endpoint())
                .header("X-Amz-Target", "Logs_20140328.CreateLogGroup")
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .POST(HttpRequest.BodyPublishers.ofString("{\"logGroupName\":\"x\"}")).build();

        for (HttpRequest request : List.of(unsigned, basicAuth)) {
            HttpResponse<String> response = send(request);
            assertEquals(400, response.statusCode());
            assertEquals("UnrecognizedClientException", JSON.readTree(response.body()).get("__type").asText());
        }
        assertFalse(fake.store().groupExists("x"));
        assertEquals(2, fake.requestCount(LogsOperation.CreateLogGroup));
    }

    @Test
    void verifiesTheSdkSignatureAgainstTheConfiguredSecret() {
        try (CloudWatchLogsClient wrongSecret = TestSdkClients.forEndpoint(fake.endpoint(), TestSdkClients.ACCESS_KEY,
                "not-the-secret");
                CloudWatchLogsClient unknownKey = TestSdkClients.forEndpoint(fake.endpoint(), "AKIDUNKNOWN",
                        TestSdkClients.SECRET_KEY);
                CloudWatchLogsClient right = TestSdkClients.forFake(fake)) {
            CloudWatchLogsException e = assertThrows(CloudWatchLogsException.class,
                    () -> wrongSecret.createLogGroup(b -> b.logGroupName("x")));
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            assertThrows(UnrecognizedClientException.class, () -> unknownKey.createLogGroup(b -> b.logGroupName("x")));

            right.createLogGroup(b -> b.logGroupName("x"));
            assertTrue(fake.store().groupExists("x"));
        }
    }

    @Test
    void rejectsUnknownTargetsWrongContentTypeAndMalformedJson() throws Exception {
        assertEquals("UnknownOperationException", errorType(send(signed("DeleteEverything", "{}"))));

        HttpRequest wrongType = HttpRequest.newBuilder(signed("CreateLogGroup", "{\"logGroupName\":\"y\"}"), (n, v) -> true)
                .setHeader("Content-Type", "application/json").build();
        assertEquals("SerializationException", errorType(send(wrongType)));

        assertEquals("SerializationException", errorType(send(signed("CreateLogGroup", "{\"logGroupName\":"))));
        assertEquals("SerializationException", errorType(send(signed("PutLogEvents",
                "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":\"soon\",\"message\":\"m\"}]}"))));
        assertFalse(fake.store().groupExists("y"));
    }

    @Test
    void exposesCountersAndResetToAnotherProcess() throws Exception {
        send(signed("PutLogEvents", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":"
                + NOW.toEpochMilli() + ",\"message\":\"h\u00e9\"}]}"));

        JsonNode stats = JSON.readTree(http.send(HttpRequest.newBuilder(fake.endpoint().resolve("/_fake/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());

        assertEquals(1, stats.get("requests").get("PutLogEvents").asLong());
        assertEquals(1, stats.get("acceptedEvents").asLong());
        assertEquals(3 + 26, stats.get("acceptedBytes").asLong());
        assertEquals("s", stats.get("streams").get(0).get("logStreamName").asText());

        HttpResponse<String> reset = http.send(HttpRequest.newBuilder(fake.endpoint().resolve("/_fake/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reset.statusCode());
        assertTrue(fake.store().groupNames().isEmpty());
    }

    // ---------------------------------------------------------------- helpers

    /** A request signed with the SDK's SigV4 signer and payload signing, as the shipper does it. */
    private HttpRequest signed(String operation, String body) {
        byte[] bytes = body.getBytes(UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(fake.endpoint().resolve("/"))
                .putHeader("X-Amz-Target", LogsOperation.TARGET_PREFIX + operation)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .build();
        SdkHttpRequest signedRequest = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(TestSdkClients.ACCESS_KEY, TestSdkClients.SECRET_KEY))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "logs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)).request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(signedRequest.getUri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        Set<String> setByHttpClient = Set.of("host", "content-length");
        for (Map.Entry<String, List<String>> header : signedRequest.headers().entrySet()) {
            if (!setByHttpClient.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(v -> builder.header(header.getKey(), v));
            }
        }
        return builder.build();
    }

    private static HttpRequest withBody(HttpRequest request, String body) {
        return HttpRequest.newBuilder(request, (n, v) -> true)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String errorType(HttpResponse<String> response) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("__type").asText();
    }
}
