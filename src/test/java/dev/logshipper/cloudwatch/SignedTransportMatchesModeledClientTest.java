package dev.logshipper.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.Destination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot-path transport and the SDK's modeled {@code putLogEvents} must send the same request: same JSON body, same
 * target, content type, signing service and region. A capturing HTTP server records both.
 */
class SignedTransportMatchesModeledClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Captured(Map<String, List<String>> headers, byte[] body) {
    }

    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private SdkHttpClient http;
    private URI endpoint;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            captured.add(new Captured(Map.copyOf(ex.getRequestHeaders()), ex.getRequestBody().readAllBytes()));
            byte[] answer = "{\"nextSequenceToken\":\"1\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            ex.getResponseHeaders().set("x-amzn-RequestId", "test");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        http = UrlConnectionHttpClient.create();
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    @Test
    void bothPathsSendTheSameRequest() throws Exception {
        List<String> messages = List.of("plain line", "quotes \" and \\ backslash", "tab\tnewline\ncontrol\u0001",
                "unicode € 𝄞 日本語", "{\"json\":\"inside\"}");
        Destination destination = new Destination("/aws/containerinsights/demo/app", "pod-1/app");
        Batch batch = new Batch(destination, 0);
        List<InputLogEvent> modeled = new ArrayList<>();
        long ts = 1_764_000_000_000L;
        for (String m : messages) {
            byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
            batch.add(ts, bytes, 0, bytes.length, Acknowledgement.NONE);
            modeled.add(InputLogEvent.builder().timestamp(ts).message(m).build());
            ts += 7;
        }
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));

        PutOutcome outcome = new SignedPutLogEventsTransport(endpoint, "eu-west-1", credentials,
                new PutLogEventsPoster(endpoint, java.time.Duration.ofSeconds(10))).put(batch);
        assertTrue(outcome instanceof PutOutcome.Accepted a && a.allAccepted());

        try (CloudWatchLogsClient client = CloudWatchLogsClient.builder().region(Region.EU_WEST_1).endpointOverride(endpoint)
                .credentialsProvider(credentials).httpClient(http).build()) {
            client.putLogEvents(r -> r.logGroupName(destination.logGroup()).logStreamName(destination.logStream())
                    .logEvents(modeled));
        }

        assertEquals(2, captured.size());
        Captured ours = captured.get(0);
        Captured sdk = captured.get(1);
        JsonNode oursJson = JSON.readTree(ours.body());
        JsonNode sdkJson = JSON.readTree(sdk.body());
        assertEquals(sdkJson, oursJson, "same request JSON");
        for (String header : List.of("X-amz-target", "Content-type")) {
            assertEquals(sdk.headers().get(header), ours.headers().get(header), header);
        }
        String ourAuth = ours.headers().get("Authorization").get(0);
        String sdkAuth = sdk.headers().get("Authorization").get(0);
        assertEquals(scope(sdkAuth), scope(ourAuth), "same credential scope (region and signing name)");
        assertTrue(ourAuth.contains("/eu-west-1/logs/aws4_request"), ourAuth);
    }

    @Test
    void callsOneAtATimeFromSeveralThreadsShareOneEncoder() throws Exception {
        Batch batch = new Batch(new Destination("g", "s"), 0);
        batch.add(1, "line".getBytes(StandardCharsets.UTF_8), 0, 4, Acknowledgement.NONE);
        SignedPutLogEventsTransport transport = new SignedPutLogEventsTransport(endpoint, "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
                new PutLogEventsPoster(endpoint, java.time.Duration.ofSeconds(10)));
        for (int i = 0; i < 4; i++) { // four sender threads taking turns, as at a trickle
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    transport.put(batch);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            sender.join();
        }
        assertEquals(4, captured.size());
        assertEquals(1, transport.encoders(), "one encoder (and one grown buffer), not one per thread");
    }

    /** The credential scope without the date: {@code AKID/<date>/<region>/<service>/aws4_request}. */
    private static String scope(String authorization) {
        String credential = authorization.replaceAll(".*Credential=([^,]+),.*", "$1");
        String[] parts = credential.split("/");
        return parts[0] + "/" + parts[2] + "/" + parts[3] + "/" + parts[4];
    }
}
