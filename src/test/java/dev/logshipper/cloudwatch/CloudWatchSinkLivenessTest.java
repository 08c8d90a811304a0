package dev.logshipper.cloudwatch;

import dev.logshipper.config.ShipperConfig.OutOfWindowPolicy;
import dev.logshipper.record.Destination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the sink tells liveness and the memory gauges: backpressure, per-step progress, in-flight bytes. */
class CloudWatchSinkLivenessTest {

    private static final Destination DEST = new Destination("g", "s");
    private static final long BUDGET = 64 * 1024;

    private final CountingAck acks = new CountingAck();
    private CloudWatchSink sink;

    @AfterEach
    void close() {
        if (sink != null) {
            sink.close();
        }
    }

    private CloudWatchSink sink(PutLogEventsTransport transport, BatchSender.Sleeper sleeper) {
        BatchSender sender = new BatchSender(transport, null, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)),
                sleeper, DeliveryListener.NONE);
        return new CloudWatchSink(sender, new TimeWindow(OutOfWindowPolicy.DROP, Optional.empty()),
                InstantSource.fixed(Instant.ofEpochMilli(SinkFixture.NOW)), Duration.ofMillis(10), 1, BUDGET,
                DeliveryListener.NONE, () -> { });
    }

    private void submitOne() throws InterruptedException {
        sink.submit(SinkFixture.NOW, new byte[1_000], 1_000, DEST, acks.next());
    }

    @Test
    void aProducerBlockedOnTheFullBufferIsReportedAsWaitingAndTheSenderAsBusy() throws Exception {
        CountDownLatch endpointUp = new CountDownLatch(1);
        RecordingTransport recording = new RecordingTransport();
        sink = sink(batch -> {
            try {
                endpointUp.await();
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
            return recording.put(batch);
        }, millis -> { });
        assertFalse(sink.producerWaiting());
        assertEquals(0, sink.busySinceNanos(0), "an idle sender is not busy");

        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    submitOne();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(sink::producerWaiting);
        assertTrue(producer.isAlive());
        assertNotEquals(0, sink.busySinceNanos(0), "the sender is in its call");
        assertTrue(sink.bufferedBytes() <= BUDGET, "buffered " + sink.bufferedBytes());
        assertTrue(sink.inFlightBytes() > 0 && sink.inFlightBytes() <= sink.bufferedBytes());
        assertEquals(List.of("cloudwatch-sender-0", "cloudwatch-flusher"),
                sink.threads().stream().map(Thread::getName).toList());

        endpointUp.countDown();
        producer.join(Duration.ofSeconds(10));
        assertFalse(producer.isAlive());
        sink.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.delivered.get() == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.busySinceNanos(0) == 0);
        assertFalse(sink.producerWaiting());
        assertEquals(0, sink.inFlightBytes());
        assertEquals(0, sink.bufferedBytes());
    }

    @Test
    void everyRetryAndBackoffSleepStartsANewStep() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        for (int i = 0; i < 3; i++) {
            transport.script.add(new RecordingTransport.Answer(null, new IOException("connection reset")));
        }
        List<Long> stepAtSleep = new CopyOnWriteArrayList<>();
        AtomicReference<CloudWatchSink> self = new AtomicReference<>();
        sink = sink(transport, millis -> {
            stepAtSleep.add(self.get().busySinceNanos(0));
            Thread.sleep(1); // the backoff, shortened; distinct steps need distinct nanoTime readings
        });
        self.set(sink);
        submitOne();
        sink.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.delivered.get() == 1);
        assertEquals(3, stepAtSleep.size());
        for (int i = 1; i < stepAtSleep.size(); i++) {
            assertTrue(stepAtSleep.get(i) - stepAtSleep.get(i - 1) > 0, "each sleep is a later step: " + stepAtSleep);
        }
    }
}
