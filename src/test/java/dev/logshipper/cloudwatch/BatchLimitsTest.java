package dev.logshipper.cloudwatch;

import dev.logshipper.config.ShipperConfig.OutOfWindowPolicy;
import dev.logshipper.record.Destination;
import dev.logshipper.record.RejectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.logshipper.cloudwatch.SinkFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sealing rules of a batch at their exact boundaries, through the real sink, batcher and sender. */
class BatchLimitsTest {

    private static final Destination DEST = new Destination("/test/group", "stream");

    private final RecordingTransport transport = new RecordingTransport();
    private final CountingAck acks = new CountingAck();
    private CloudWatchSink sink = SinkFixture.sink(transport);

    @AfterEach
    void close() {
        sink.close();
    }

    private void submit(long ts, String message) throws InterruptedException {
        submit(ts, message, DEST);
    }

    private void submit(long ts, String message, Destination destination) throws InterruptedException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        sink.submit(ts, bytes, bytes.length, destination, acks.next());
    }

    private void drain() throws InterruptedException {
        assertTrue(sink.drain(Duration.ofSeconds(30)), "sink drained");
    }

    @Test
    void onlyTheEventsMessageLengthIsSentAndTheProducersBufferMayBeReusedAtOnce() throws Exception {
        byte[] buffer = "first-and-garbage".getBytes(StandardCharsets.UTF_8);
        sink.submit(NOW, buffer, 5, DEST, acks.next());
        byte[] next = "second".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(next, 0, buffer, 0, next.length); // the producer reuses its buffer for the next record
        sink.submit(NOW, buffer, next.length, DEST, acks.next());
        drain();
        assertEquals(List.of("first", "second"), transport.messages());
    }

    /**
     * A busy stream's batches reuse delivered batches' arrays: twelve full batches, more than the pool holds and more
     * than are in flight at once, must each carry exactly their own events, in order, each acknowledged once.
     */
    @Test
    void batchesBuiltOnReusedArraysCarryExactlyTheirOwnEvents() throws Exception {
        List<String> sent = new java.util.ArrayList<>();
        int perBatch = (CloudWatchLimits.MAX_BATCH_BYTES / (1000 + CloudWatchLimits.EVENT_OVERHEAD_BYTES));
        for (int i = 0; i < 12 * perBatch; i++) {
            String message = String.format("%08d", i) + "x".repeat(992);
            sent.add(message);
            submit(NOW + i / 100, message);
        }
        drain();
        assertEquals(sent, transport.messages());
        assertTrue(transport.batches.size() >= 12, "full batches: " + transport.batches.size());
        assertEquals(sent.size(), acks.delivered.get());
        assertEquals(0, acks.doubleReports.get());
    }

    @Test
    void tenThousandEventsFitOneBatch() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            submit(NOW, "e" + i);
        }
        drain();
        assertEquals(1, transport.batches.size());
        assertEquals(10_000, transport.batches.get(0).events().size());
        assertEquals(10_000, acks.delivered.get());
    }

    @Test
    void theTenThousandAndFirstEventStartsASecondBatch() throws Exception {
        for (int i = 0; i < 10_001; i++) {
            submit(NOW, "e" + i);
        }
        drain();
        assertEquals(List.of(10_000, 1), transport.batches.stream().map(b -> b.events().size()).toList());
        assertEquals(10_001, acks.delivered.get());
    }

    /** Messages of 3-byte characters whose UTF-8 bytes plus 26 per event add up to exactly 1,048,576. */
    @Test
    void exactlyOneMebibyteOfAccountedUtf8BytesFitsAndOneMoreByteDoesNot() throws Exception {
        // 4 events: 26*4 = 104 overhead, so messages must total 1,048,472 bytes; 3-byte '€' chars.
        int total = CloudWatchLimits.MAX_BATCH_BYTES - 4 * CloudWatchLimits.EVENT_OVERHEAD_BYTES;
        int each = total / 4; // 262,118 = 3 * 87,372 + 2
        String euros = "€".repeat(each / 3);
        String pad = "x".repeat(each - euros.getBytes(StandardCharsets.UTF_8).length);
        String message = euros + pad;
        assertEquals(each, message.getBytes(StandardCharsets.UTF_8).length);
        for (int i = 0; i < 4; i++) {
            submit(NOW, message);
        }
        drain();
        assertEquals(1, transport.batches.size());
        assertEquals(CloudWatchLimits.MAX_BATCH_BYTES, transport.batches.get(0).accountedBytes());

        transport.batches.clear();
        for (int i = 0; i < 3; i++) {
            submit(NOW, message);
        }
        submit(NOW, message + "x");
        drain();
        assertEquals(List.of(3, 1), transport.batches.stream().map(b -> b.events().size()).toList());
        assertTrue(transport.batches.stream().allMatch(b -> b.accountedBytes() <= CloudWatchLimits.MAX_BATCH_BYTES));
    }

    @Test
    void aSpanJustUnder24HoursFitsAndExactly24HoursSplits() throws Exception {
        long oldest = NOW - Duration.ofDays(2).toMillis();
        submit(oldest, "a");
        submit(oldest + CloudWatchLimits.MAX_BATCH_SPAN_MILLIS - 1, "b");
        drain();
        assertEquals(1, transport.batches.size());

        transport.batches.clear();
        submit(oldest, "c");
        submit(oldest + CloudWatchLimits.MAX_BATCH_SPAN_MILLIS, "d");
        drain();
        assertEquals(2, transport.batches.size());
        assertEquals(List.of("c", "d"), transport.messages());
    }

    @Test
    void aThreeMegabyteMessageIsSplitAtCharacterBoundariesInOrderAndAcknowledgedOnce() throws Exception {
        // 2-byte characters, so a naive byte cut at 1,048,550 would land inside one.
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (sb.length() * 2 < 3_000_000) {
            sb.append((char) ('\u0400' + (i++ % 200)));
        }
        String big = sb.toString();
        submit(NOW, big);
        drain();
        List<RecordingTransport.SentEvent> parts = transport.batches.stream().flatMap(b -> b.events().stream()).toList();
        assertEquals(3, parts.size());
        assertTrue(parts.stream().allMatch(p -> p.length() <= CloudWatchLimits.MAX_EVENT_MESSAGE_BYTES));
        assertEquals(big, String.join("", parts.stream().map(RecordingTransport.SentEvent::message).toList()));
        assertEquals(1, acks.delivered.get());
        assertEquals(0, acks.doubleReports.get());
    }

    @Test
    void emptyMessagesAreNeverSentAndAreCounted() throws Exception {
        submit(NOW, "");
        submit(NOW, "kept");
        drain();
        assertEquals(List.of("kept"), transport.messages());
        assertEquals(1, acks.rejected(RejectReason.EMPTY));
        assertEquals(1, acks.delivered.get());
    }

    @Test
    void eventsAreSortedByTimestampKeepingTheOrderOfEqualTimestamps() throws Exception {
        submit(NOW, "t0-first");
        submit(NOW - 5, "t-5");
        submit(NOW, "t0-second");
        submit(NOW - 10, "t-10");
        submit(NOW, "t0-third");
        drain();
        assertEquals(List.of("t-10", "t-5", "t0-first", "t0-second", "t0-third"), transport.messages());
    }

    @Test
    void batchesArePerDestination() throws Exception {
        submit(NOW, "a", new Destination("g", "s1"));
        submit(NOW, "b", new Destination("g", "s2"));
        submit(NOW, "c", new Destination("g", "s1"));
        drain();
        assertEquals(2, transport.batches.size());
        assertTrue(transport.batches.stream().anyMatch(b -> b.stream().equals("s1") && b.events().size() == 2));
    }

    @Test
    void theFlushIntervalSealsAPartialBatch() throws Exception {
        sink.close();
        sink = SinkFixture.sink(transport, Duration.ofMillis(50), 1, OutOfWindowPolicy.DROP);
        submit(NOW, "lonely");
        // No drain(): only the flusher thread can seal this batch.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> acks.delivered.get() == 1);
        assertEquals(List.of("lonely"), transport.messages());
    }

    @Test
    void outOfWindowEventsAreDroppedOrClampedByPolicy() throws Exception {
        long tooOld = NOW - Duration.ofDays(15).toMillis();
        long tooNew = NOW + Duration.ofHours(3).toMillis();
        submit(tooOld, "old");
        submit(tooNew, "new");
        drain();
        assertEquals(List.of(), transport.messages());
        assertEquals(1, acks.rejected(RejectReason.TOO_OLD));
        assertEquals(1, acks.rejected(RejectReason.TOO_NEW));

        sink.close();
        sink = SinkFixture.sink(transport, Duration.ofHours(1), 1, OutOfWindowPolicy.CLAMP);
        submit(tooOld, "old");
        submit(tooNew, "new");
        drain();
        assertEquals(List.of("old", "new"), transport.messages());
        assertTrue(transport.batches.stream().flatMap(b -> b.events().stream()).allMatch(e -> e.timestamp() == NOW));
    }
}
