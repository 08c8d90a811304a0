package dev.logshipper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroupClass;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** Log groups, streams, retention, DescribeLogStreams and GetLogEvents through the real SDK client. */
class FakeCloudWatchLogsControlPlaneTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final String KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private FakeCloudWatchLogs fake;
    private CloudWatchLogsClient client;

    @BeforeEach
    void start() {
        fake = FakeCloudWatchLogs.builder().clock(() -> NOW).start();
        client = TestSdkClients.forFake(fake);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void createsALogGroupWithClassKmsKeyAndTagsOnlyOnce() {
        client.createLogGroup(b -> b.logGroupName("/app/orders").logGroupClass(LogGroupClass.INFREQUENT_ACCESS)
                .kmsKeyId(KMS_KEY).tags(Map.of("team", "payments")));

        assertEquals("INFREQUENT_ACCESS", fake.store().logGroupClass("/app/orders"));
        assertEquals(KMS_KEY, fake.store().kmsKeyId("/app/orders"));
        assertEquals(Map.of("team", "payments"), fake.store().tags("/app/orders"));
        assertNull(fake.store().retentionInDays("/app/orders"), "new groups never expire");

        assertThrows(ResourceAlreadyExistsException.class, () -> client.createLogGroup(b -> b.logGroupName("/app/orders")));
        assertEquals(2, fake.requestCount(LogsOperation.CreateLogGroup));
    }

    @Test
    void defaultsTheLogGroupClassToStandard() {
        client.createLogGroup(b -> b.logGroupName("plain"));
        assertEquals("STANDARD", fake.store().logGroupClass("plain"));
    }

    @Test
    void validatesLogGroupNames() {
        client.createLogGroup(b -> b.logGroupName("/a.b-c_d/e#F9"));
        client.createLogGroup(b -> b.logGroupName("g".repeat(512)));

        for (String bad : List.of("g".repeat(513), "has space", "colon:", "star*", "aws/reserved")) {
            assertThrows(InvalidParameterException.class, () -> client.createLogGroup(b -> b.logGroupName(bad)), bad);
        }
        assertEquals(2, fake.store().groupNames().size());
    }

    @Test
    void rejectsAnUnknownGroupClassAndAMalformedKmsKey() {
        assertThrows(InvalidParameterException.class,
                () -> client.createLogGroup(b -> b.logGroupName("g").logGroupClass("COLD")));
        assertThrows(InvalidParameterException.class, () -> client.createLogGroup(b -> b.logGroupName("g").kmsKeyId("my-key")));
        assertTrue(fake.store().groupNames().isEmpty());
    }

    @Test
    void createsStreamsWithValidNamesInExistingGroupsOnly() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> client.createLogStream(b -> b.logGroupName("g").logStreamName("s")));
        assertEquals("The specified log group does not exist.", e.awsErrorDetails().errorMessage());

        client.createLogGroup(b -> b.logGroupName("g"));
        client.createLogStream(b -> b.logGroupName("g").logStreamName("ns/pod_1 (app) #2"));
        client.createLogStream(b -> b.logGroupName("g").logStreamName("s".repeat(512)));
        assertThrows(ResourceAlreadyExistsException.class,
                () -> client.createLogStream(b -> b.logGroupName("g").logStreamName("s".repeat(512))));
        for (String bad : List.of("a:b", "a*b", "s".repeat(513))) {
            assertThrows(InvalidParameterException.class,
                    () -> client.createLogStream(b -> b.logGroupName("g").logStreamName(bad)), bad);
        }
        assertEquals(2, fake.store().streamNames("g").size());
    }

    @Test
    void acceptsOnlyTheDocumentedRetentionValues() {
        client.createLogGroup(b -> b.logGroupName("g"));
        for (int days : FakeLogStore.RETENTION_DAYS) {
            client.putRetentionPolicy(b -> b.logGroupName("g").retentionInDays(days));
            assertEquals(days, fake.store().retentionInDays("g"));
        }
        for (int bad : List.of(0, 2, 4, 366, 3650, -1)) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class,
                    () -> client.putRetentionPolicy(b -> b.logGroupName("g").retentionInDays(bad)));
            assertTrue(e.awsErrorDetails().errorMessage().contains("retentionInDays"), e.getMessage());
        }
        assertEquals(3653, fake.store().retentionInDays("g"));
        assertThrows(ResourceNotFoundException.class,
                () -> client.putRetentionPolicy(b -> b.logGroupName("missing").retentionInDays(7)));
    }

    @Test
    void describesStreamsByPrefixWithPaging() {
        client.createLogGroup(b -> b.logGroupName("g"));
        for (String s : List.of("app-3", "app-1", "other", "app-2", "app-5", "app-4")) {
            client.createLogStream(b -> b.logGroupName("g").logStreamName(s));
        }
        client.putLogEvents(b -> b.logGroupName("g").logStreamName("app-2")
                .logEvents(InputLogEvent.builder().timestamp(T - 5).message("x").build(),
                        InputLogEvent.builder().timestamp(T).message("y").build()));

        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String current = token;
            DescribeLogStreamsResponse page = client.describeLogStreams(b -> b.logGroupName("g")
                    .logStreamNamePrefix("app-").limit(2).nextToken(current));
            page.logStreams().forEach(s -> names.add(s.logStreamName()));
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertEquals(List.of("app-1", "app-2", "app-3", "app-4", "app-5"), names);
        assertEquals(3, pages);
        LogStream app2 = client.describeLogStreams(b -> b.logGroupName("g").logStreamNamePrefix("app-2")).logStreams()
                .getFirst();
        assertEquals(T - 5, app2.firstEventTimestamp());
        assertEquals(T, app2.lastEventTimestamp());
        assertEquals(T, app2.lastIngestionTime());
        assertTrue(app2.arn().endsWith(":log-group:g:log-stream:app-2"), app2.arn());
    }

    @Test
    void refusesToOrderByLastEventTimeWithAPrefixAndReportsMissingGroups() {
        client.createLogGroup(b -> b.logGroupName("g"));
        assertThrows(InvalidParameterException.class, () -> client.describeLogStreams(
                b -> b.logGroupName("g").logStreamNamePrefix("a").orderBy(OrderBy.LAST_EVENT_TIME)));
        assertThrows(ResourceNotFoundException.class, () -> client.describeLogStreams(b -> b.logGroupName("nope")));
    }

    @Test
    void pagesForwardThroughGetLogEventsUntilTheTokenRepeats() {
        fake.createStream("g", "s");
        client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(IntStream.range(0, 25)
                .mapToObj(i -> InputLogEvent.builder().timestamp(T + i).message("m" + i).build()).toList()));

        List<String> read = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        while (true) {
            String current = token;
            GetLogEventsResponse page = client.getLogEvents(b -> b.logGroupName("g").logStreamName("s")
                    .startFromHead(true).limit(10).nextToken(current));
            page.events().forEach(e -> read.add(e.message()));
            pageSizes.add(page.events().size());
            if (page.nextForwardToken().equals(token)) {
                break;
            }
            token = page.nextForwardToken();
        }

        assertEquals(IntStream.range(0, 25).mapToObj(i -> "m" + i).toList(), read);
        assertEquals(List.of(10, 10, 5, 0), pageSizes);
    }

    @Test
    void readsTheTailWithoutStartFromHeadAndPagesBackward() {
        fake.createStream("g", "s");
        client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(IntStream.range(0, 25)
                .mapToObj(i -> InputLogEvent.builder().timestamp(T + i).message("m" + i).build()).toList()));

        GetLogEventsResponse tail = client.getLogEvents(b -> b.logGroupName("g").logStreamName("s").limit(10));
        assertEquals(IntStream.range(15, 25).mapToObj(i -> "m" + i).toList(),
                tail.events().stream().map(OutputLogEvent::message).toList());
        assertEquals(T, tail.events().getFirst().ingestionTime(), "ingestion time comes from the clock");

        GetLogEventsResponse before = client.getLogEvents(b -> b.logGroupName("g").logStreamName("s").limit(10)
                .nextToken(tail.nextBackwardToken()));
        assertEquals(IntStream.range(5, 15).mapToObj(i -> "m" + i).toList(),
                before.events().stream().map(OutputLogEvent::message).toList());
    }

    @Test
    void getLogEventsFiltersByTimeAndReportsMissingStreams() {
        fake.createStream("g", "s");
        client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(IntStream.range(0, 5)
                .mapToObj(i -> InputLogEvent.builder().timestamp(T + i).message("m" + i).build()).toList()));

        GetLogEventsResponse window = client.getLogEvents(b -> b.logGroupName("g").logStreamName("s")
                .startFromHead(true).startTime(T + 1).endTime(T + 3));
        assertEquals(List.of("m1", "m2"), window.events().stream().map(OutputLogEvent::message).toList());

        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> client.getLogEvents(b -> b.logGroupName("g").logStreamName("missing")));
        assertEquals("The specified log stream does not exist.", e.awsErrorDetails().errorMessage());
    }
}
