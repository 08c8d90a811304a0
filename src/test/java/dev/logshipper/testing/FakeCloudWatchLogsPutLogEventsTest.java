package dev.logshipper.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** Every documented PutLogEvents rule at its exact boundary, driven by the real SDK client. */
class FakeCloudWatchLogsPutLogEventsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final String GROUP = "/app/test";
    private static final String STREAM = "pod-1";

    private FakeCloudWatchLogs fake;
    private CloudWatchLogsClient client;

    @BeforeEach
    void start() {
        fake = FakeCloudWatchLogs.builder().clock(() -> NOW)
                .credentials(TestSdkClients.ACCESS_KEY, TestSdkClients.SECRET_KEY).start();
        client = TestSdkClients.forFake(fake);
        fake.createStream(GROUP, STREAM);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void acceptsTenThousandEventsAndRejectsTenThousandAndOne() {
        put(events(10_000, i -> event(T, "m" + i)));
        assertEquals(10_000, fake.events(GROUP, STREAM).size());

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> put(events(10_001, i -> event(T, "m" + i))));
        assertTrue(e.awsErrorDetails().errorMessage().contains("Member must have length less than or equal to 10000"),
                e.getMessage());
        assertEquals(10_000, fake.events(GROUP, STREAM).size(), "the failed batch must store nothing");
    }

    @Test
    void rejectsEmptyBatch() {
        assertThrows(InvalidParameterException.class, () -> put(List.of()));
    }

    @Test
    void countsBatchBytesAsUtf8PlusTwentySixPerEventUpToExactlyTheLimit() {
        int perEvent = FakeLogStore.MAX_BATCH_BYTES / 4 - FakeLogStore.EVENT_OVERHEAD_BYTES; // 262,118
        List<InputLogEvent> exact = events(4, i -> event(T, utf8Message(perEvent)));
        assertEquals(FakeLogStore.MAX_BATCH_BYTES, exact.stream()
                .mapToInt(e -> e.message().getBytes(UTF_8).length + FakeLogStore.EVENT_OVERHEAD_BYTES).sum());
        assertTrue(exact.getFirst().message().length() < perEvent / 2, "multi-byte: chars must not equal bytes");

        put(exact);
        assertEquals(4, fake.events(GROUP, STREAM).size());

        List<InputLogEvent> oneByteMore = new ArrayList<>(exact);
        oneByteMore.set(3, event(T, utf8Message(perEvent + 1)));
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> put(oneByteMore));
        assertEquals("Upload too large: 1048577 bytes exceeds limit of 1048576", e.awsErrorDetails().errorMessage());
        assertEquals(4, fake.events(GROUP, STREAM).size());
    }

    @Test
    void acceptsASingleEventOfExactlyOneMegabyteAndRejectsOneByteMore() {
        int largest = FakeLogStore.MAX_EVENT_BYTES - FakeLogStore.EVENT_OVERHEAD_BYTES; // 1,048,550
        put(List.of(event(T, utf8Message(largest))));
        assertEquals(largest, fake.events(GROUP, STREAM).getFirst().message().getBytes(UTF_8).length);

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> put(List.of(event(T, utf8Message(largest + 1)))));
        assertEquals("Log event too large: 1048577 bytes exceeds limit of 1048576", e.awsErrorDetails().errorMessage());
    }

    @Test
    void rejectsEmptyMessage() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> put(List.of(event(T, "a"), event(T, ""))));
        assertTrue(e.awsErrorDetails().errorMessage().contains("'logEvents.2.member.message'"), e.getMessage());
        assertTrue(fake.events(GROUP, STREAM).isEmpty());
    }

    @Test
    void requiresChronologicalOrderButAllowsEqualTimestamps() {
        put(List.of(event(T, "a"), event(T, "b"), event(T + 1, "c")));

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> put(List.of(event(T, "x"), event(T - 1, "y"))));
        assertEquals(FakeLogStore.NOT_CHRONOLOGICAL, e.awsErrorDetails().errorMessage());
        assertEquals(List.of("a", "b", "c"), messages());
    }

    @Test
    void allowsASpanOfExactlyTwentyFourHoursAndRejectsOneMillisecondMore() {
        put(List.of(event(T - 24 * HOUR, "oldest"), event(T, "newest")));
        assertEquals(2, fake.events(GROUP, STREAM).size());

        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> put(List.of(event(T - 24 * HOUR - 1, "oldest"), event(T, "newest"))));
        assertEquals(FakeLogStore.SPAN_TOO_LONG, e.awsErrorDetails().errorMessage());
    }

    @Test
    void measuresTheSpanOnlyOverEventsThatAreNotRejected() {
        // 15 days old (rejected as too old) and 2 h + 1 ms ahead (rejected as too new) would span > 24 h.
        PutLogEventsResponse response = put(List.of(event(T - 15 * DAY, "too old"), event(T - HOUR, "kept"),
                event(T + 2 * HOUR + 1, "too new")));

        assertEquals(1, response.rejectedLogEventsInfo().tooOldLogEventEndIndex());
        assertEquals(2, response.rejectedLogEventsInfo().tooNewLogEventStartIndex());
        assertEquals(List.of("kept"), messages());
    }

    @Test
    void partiallyAcceptsAndReportsTooOldAndTooNewAtTheirBoundaries() {
        PutLogEventsResponse response = put(List.of(
                event(T - 14 * DAY - 1, "too old"),
                event(T - 10 * HOUR, "ok 1"),
                event(T, "ok 2"),
                event(T + 2 * HOUR, "ok 3, exactly 2 h ahead"),
                event(T + 2 * HOUR + 1, "too new")));

        RejectedLogEventsInfo info = response.rejectedLogEventsInfo();
        assertNotNull(info, "the SDK must read rejectedLogEventsInfo");
        assertEquals(1, info.tooOldLogEventEndIndex());
        assertEquals(4, info.tooNewLogEventStartIndex());
        assertNull(info.expiredLogEventEndIndex());
        assertEquals(List.of("ok 1", "ok 2", "ok 3, exactly 2 h ahead"), messages());
        assertEquals(info.tooOldLogEventEndIndex(), fake.batches().getLast().rejected().tooOldLogEventEndIndex());
    }

    @Test
    void acceptsAnEventExactlyFourteenDaysOld() {
        PutLogEventsResponse response = put(List.of(event(T - 14 * DAY, "exactly 14 days")));

        assertNull(response.rejectedLogEventsInfo());
        assertEquals(List.of("exactly 14 days"), messages());
    }

    @Test
    void rejectsEventsOlderThanTheGroupsRetention() {
        client.putRetentionPolicy(b -> b.logGroupName(GROUP).retentionInDays(1));

        PutLogEventsResponse response = put(List.of(event(T - DAY - 1, "expired"), event(T - DAY, "exactly 1 day"),
                event(T, "now")));

        assertEquals(1, response.rejectedLogEventsInfo().expiredLogEventEndIndex());
        assertNull(response.rejectedLogEventsInfo().tooOldLogEventEndIndex());
        assertEquals(List.of("exactly 1 day", "now"), messages());
    }

    @Test
    void reportsTooOldAndExpiredTogether() {
        client.putRetentionPolicy(b -> b.logGroupName(GROUP).retentionInDays(1));

        PutLogEventsResponse response = put(List.of(event(T - 15 * DAY, "too old and expired"),
                event(T - 2 * DAY, "expired"), event(T - HOUR, "kept")));

        assertEquals(1, response.rejectedLogEventsInfo().tooOldLogEventEndIndex());
        assertEquals(2, response.rejectedLogEventsInfo().expiredLogEventEndIndex());
        assertEquals(List.of("kept"), messages());
    }

    @Test
    void answersSuccessWhenEveryEventIsRejected() {
        PutLogEventsResponse response = put(List.of(event(T + 3 * HOUR, "a"), event(T + 4 * HOUR, "b")));

        assertEquals(0, response.rejectedLogEventsInfo().tooNewLogEventStartIndex());
        assertTrue(fake.events(GROUP, STREAM).isEmpty());
        assertEquals(1, fake.batches().size());
        assertTrue(fake.batches().getFirst().accepted().isEmpty());
    }

    @Test
    void missingGroupOrStreamIsResourceNotFound() {
        ResourceNotFoundException noGroup = assertThrows(ResourceNotFoundException.class,
                () -> client.putLogEvents(b -> b.logGroupName("/nope").logStreamName(STREAM).logEvents(event(T, "x"))));
        assertEquals("The specified log group does not exist.", noGroup.awsErrorDetails().errorMessage());

        ResourceNotFoundException noStream = assertThrows(ResourceNotFoundException.class,
                () -> client.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("nope").logEvents(event(T, "x"))));
        assertEquals("The specified log stream does not exist.", noStream.awsErrorDetails().errorMessage());
    }

    @Test
    void recordsBatchesWithTheRequestIdTheClientSawAndReturnsASequenceToken() {
        PutLogEventsResponse first = put(List.of(event(T, "a"), event(T + 1, "b")));
        PutLogEventsResponse second = put(List.of(event(T + 2, "c")));

        assertNotNull(first.nextSequenceToken());
        List<AcceptedBatch> batches = fake.batches();
        assertEquals(List.of(first.responseMetadata().requestId(), second.responseMetadata().requestId()),
                batches.stream().map(AcceptedBatch::requestId).toList());
        assertEquals(List.of(new StoredEvent(T, "a"), new StoredEvent(T + 1, "b")), batches.getFirst().accepted());
        assertEquals(List.of("a", "b", "c"), fake.allMessages());
        assertEquals(2, fake.requestCount(LogsOperation.PutLogEvents));
    }

    @Test
    void acceptsConcurrentPutsToTheSameStreamWithoutSequenceTokens() throws Exception {
        int writers = 8;
        int putsPerWriter = 25;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> IntStream.range(0, putsPerWriter)
                        .forEach(i -> put(List.of(event(T, writer + "-" + i))))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(writers * putsPerWriter, fake.events(GROUP, STREAM).size());
        assertEquals(writers * putsPerWriter, fake.store().acceptedEventCount());
        // per writer, the stream keeps the arrival order
        List<String> writer3 = messages().stream().filter(m -> m.startsWith("3-")).toList();
        assertEquals(IntStream.range(0, putsPerWriter).mapToObj(i -> "3-" + i).toList(), writer3);
    }

    // ---------------------------------------------------------------- helpers

    private PutLogEventsResponse put(List<InputLogEvent> events) {
        return client.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).logEvents(events));
    }

    private List<String> messages() {
        return fake.events(GROUP, STREAM).stream().map(StoredEvent::message).toList();
    }

    private static InputLogEvent event(long timestamp, String message) {
        return InputLogEvent.builder().timestamp(timestamp).message(message).build();
    }

    private static List<InputLogEvent> events(int n, java.util.function.IntFunction<InputLogEvent> factory) {
        return IntStream.range(0, n).mapToObj(factory).toList();
    }

    /** A message of exactly {@code bytes} UTF-8 bytes made mostly of 4-, 3- and 2-byte characters. */
    static String utf8Message(int bytes) {
        StringBuilder sb = new StringBuilder();
        String[] cycle = {"\uD83D\uDE00", "\u20AC", "\u00E9"}; // 😀 (4), € (3), é (2)
        int remaining = bytes;
        for (int i = 0; remaining > 0; i++) {
            String unit = cycle[i % cycle.length];
            int length = unit.getBytes(UTF_8).length;
            if (length > remaining) {
                unit = remaining == 3 ? "\u20AC" : remaining == 2 ? "\u00E9" : "a";
                length = remaining;
            }
            sb.append(unit);
            remaining -= length;
        }
        return sb.toString();
    }
}
