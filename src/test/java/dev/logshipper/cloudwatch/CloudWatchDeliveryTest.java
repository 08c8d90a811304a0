package dev.logshipper.cloudwatch;

import dev.logshipper.config.ShipperConfig.BufferConfig;
import dev.logshipper.config.ShipperConfig.CloudWatchConfig;
import dev.logshipper.config.ShipperConfig.OutOfWindowPolicy;
import dev.logshipper.record.Destination;
import dev.logshipper.record.RejectReason;
import dev.logshipper.testing.FakeCloudWatchLogs;
import dev.logshipper.testing.FakeFaults;
import dev.logshipper.testing.LogsOperation;
import dev.logshipper.testing.StoredEvent;
import dev.logshipper.testing.TestSdkClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery stage end to end over real HTTP: the real SDK signer and HTTP client against the in-process CloudWatch
 * Logs endpoint, which enforces the API's rules and injects faults.
 */
class CloudWatchDeliveryTest {

    private final FakeCloudWatchLogs fake = FakeCloudWatchLogs.builder()
            .credentials(TestSdkClients.ACCESS_KEY, TestSdkClients.SECRET_KEY).start();
    private final CountingAck acks = new CountingAck();
    private CloudWatchSink sink;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        fake.close();
    }

    private static CloudWatchConfig config(URI endpoint, boolean autoCreate, Optional<Integer> retention, int maxInFlight) {
        return new CloudWatchConfig(Optional.of("us-east-1"), Optional.of(endpoint), "g", "s", autoCreate, retention,
                Optional.of("INFREQUENT_ACCESS"), Optional.empty(), Map.of("team", "platform"), Duration.ofMillis(100),
                maxInFlight, OutOfWindowPolicy.DROP, Duration.ofSeconds(5), Duration.ofMillis(200));
    }

    private CloudWatchSink start(CloudWatchConfig config) {
        return CloudWatchDelivery.start(config, new BufferConfig(8L * 1024 * 1024), DeliveryListener.NONE, Map.of(),
                Clock.systemUTC(), StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestSdkClients.ACCESS_KEY, TestSdkClients.SECRET_KEY)));
    }

    private void send(Destination d, int count, String prefix) throws InterruptedException {
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            submit(now, prefix + i, d);
        }
    }

    private void submit(long timestamp, String message, Destination d) throws InterruptedException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        sink.submit(timestamp, bytes, bytes.length, d, acks.next());
    }

    private static List<String> messages(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::message).toList();
    }

    private static List<String> expected(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void createsAMissingGroupWithItsSettingsAndTheStreamThenDelivers() throws Exception {
        sink = start(config(fake.endpoint(), true, Optional.of(30), 4));
        Destination d = new Destination("/aws/containerinsights/demo/app", "pod/app");
        send(d, 500, "line-");
        assertTrue(sink.drain(Duration.ofSeconds(30)));
        assertEquals(expected("line-", 500), messages(fake.events(d.logGroup(), d.logStream())));
        assertEquals(500, acks.delivered.get());
        assertEquals(30, fake.store().retentionInDays(d.logGroup()));
        assertEquals("INFREQUENT_ACCESS", fake.store().logGroupClass(d.logGroup()));
        assertEquals(Map.of("team", "platform"), fake.store().tags(d.logGroup()));
        assertEquals(0, fake.requestCount(LogsOperation.DescribeLogStreams), "no Describe* calls");
    }

    @Test
    void withoutAutoCreateAMissingGroupHoldsEventsUntilItExists() throws Exception {
        sink = start(config(fake.endpoint(), false, Optional.empty(), 1));
        Destination d = new Destination("/team/app", "s1");
        send(d, 10, "held-");
        sink.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.requestCount(LogsOperation.PutLogEvents) >= 2);
        assertEquals(0, acks.total(), "nothing acknowledged while the group is missing");
        fake.store().createLogGroup(d.logGroup(), null, null, Map.of());
        assertTrue(sink.drain(Duration.ofSeconds(30)));
        assertEquals(expected("held-", 10), messages(fake.events(d.logGroup(), d.logStream())));
    }

    @Test
    void throttlingServerErrorsAndCutConnectionsLoseNothing() throws Exception {
        sink = start(config(fake.endpoint(), true, Optional.empty(), 4));
        Destination d = new Destination("/g", "s");
        fake.faults().throttleNext(3, LogsOperation.PutLogEvents)
                .serviceUnavailableNext(2, 503, LogsOperation.PutLogEvents)
                .cutConnectionNext(2, FakeFaults.CutPoint.AFTER_PROCESSING, LogsOperation.PutLogEvents);
        send(d, 3000, "x-");
        assertTrue(sink.drain(Duration.ofSeconds(60)));
        List<String> got = messages(fake.events(d.logGroup(), d.logStream()));
        assertTrue(got.containsAll(expected("x-", 3000)), "every event arrived");
        assertEquals(3000, acks.delivered.get());
        assertEquals(0, acks.doubleReports.get());
    }

    @Test
    void badCredentialsAreHeldAndDeliveredOnceFixed() throws Exception {
        sink = start(config(fake.endpoint(), true, Optional.empty(), 2));
        fake.faults().rejectCredentials("UnrecognizedClientException", LogsOperation.PutLogEvents);
        Destination d = new Destination("/g", "creds");
        fake.createStream(d.logGroup(), d.logStream());
        send(d, 20, "c-");
        sink.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.requestCount(LogsOperation.PutLogEvents) >= 2);
        assertEquals(0, acks.total());
        fake.faults().clearCredentialRejection();
        assertTrue(sink.drain(Duration.ofSeconds(30)));
        assertEquals(expected("c-", 20), messages(fake.events(d.logGroup(), d.logStream())));
    }

    @Test
    void eventsCloudWatchRejectsAsTooOldAreCountedNotRetried() throws Exception {
        // An event 13.5 days old passes our own window check; CloudWatch's clock runs a day ahead here (skew), so it
        // answers 200 with rejectedLogEventsInfo.tooOldLogEventEndIndex for it.
        fake.close();
        FakeCloudWatchLogs ahead = FakeCloudWatchLogs.builder()
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(1)))
                .credentials(TestSdkClients.ACCESS_KEY, TestSdkClients.SECRET_KEY).start();
        try {
            sink = start(config(ahead.endpoint(), true, Optional.empty(), 1));
            Destination d = new Destination("/g", "old");
            ahead.createStream(d.logGroup(), d.logStream());
            long now = System.currentTimeMillis();
            submit(now - Duration.ofDays(13).plusHours(12).toMillis(), "old", d);
            submit(now, "fresh", d);
            assertTrue(sink.drain(Duration.ofSeconds(30)));
            assertEquals(List.of("fresh"), messages(ahead.events(d.logGroup(), d.logStream())));
            assertEquals(1, acks.rejected(RejectReason.TOO_OLD));
            assertEquals(1, acks.delivered.get());
            // The two events are more than 24 h apart, so two batches; the rejected one is not retried.
            assertEquals(2, ahead.requestCount(LogsOperation.PutLogEvents));
        } finally {
            ahead.close();
        }
    }

    @Test
    void severalBatchesInFlightOnOneStreamAllArrive() throws Exception {
        sink = start(config(fake.endpoint(), true, Optional.empty(), 4));
        fake.faults().addLatency(Duration.ofMillis(50), LogsOperation.PutLogEvents);
        Destination d = new Destination("/g", "parallel");
        fake.createStream(d.logGroup(), d.logStream());
        // ~3 MiB of 1 KiB messages: at least 3 full batches, sent concurrently.
        String pad = "p".repeat(1000);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3500; i++) {
            submit(now, i + pad, d);
        }
        assertTrue(sink.drain(Duration.ofSeconds(60)));
        assertEquals(3500, fake.events(d.logGroup(), d.logStream()).size());
        assertTrue(fake.batches().size() >= 4);
    }
}
