package dev.logshipper.cloudwatch;

import dev.logshipper.record.Destination;
import dev.logshipper.record.RejectReason;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retry, isolation and partial-acceptance paths of {@link BatchSender}, with a scripted transport. */
class BatchSenderTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final CountingAck acks = new CountingAck();
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private final List<DeliveryListener.RetryReason> retries = new CopyOnWriteArrayList<>();
    private final List<RejectReason> rejectedReports = new ArrayList<>();

    private final DeliveryListener listener = new DeliveryListener() {
        @Override
        public void retried(RetryReason reason, long latencyNanos) {
            retries.add(reason);
        }

        @Override
        public void rejected(RejectReason reason, int events) {
            for (int i = 0; i < events; i++) {
                rejectedReports.add(reason);
            }
        }
    };

    private final BatchSender sender = new BatchSender(transport, null,
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30)), sleeps::add, listener);

    private Batch batch(int events) {
        Batch b = new Batch(new Destination("g", "s"), 0);
        for (int i = 0; i < events; i++) {
            byte[] m = ("m" + i).getBytes(StandardCharsets.UTF_8);
            b.add(1000 + i, m, 0, m.length, acks.next());
        }
        return b;
    }

    private static RecordingTransport.Answer fail(int status, String type) {
        return new RecordingTransport.Answer(new PutOutcome.Failed(status, type, "scripted"), null);
    }

    @Test
    void throttlingServerErrorsAndIoErrorsAreRetriedUntilAccepted() throws Exception {
        transport.script.add(fail(400, "ThrottlingException"));
        transport.script.add(fail(503, "ServiceUnavailableException"));
        transport.script.add(new RecordingTransport.Answer(null, new SocketTimeoutException("read timed out")));
        transport.script.add(fail(500, "InternalFailure"));
        sender.deliver(batch(3));
        assertEquals(3, acks.delivered.get());
        assertEquals(List.of(DeliveryListener.RetryReason.THROTTLED, DeliveryListener.RetryReason.SERVER_ERROR,
                DeliveryListener.RetryReason.IO_ERROR, DeliveryListener.RetryReason.SERVER_ERROR), retries);
        assertEquals(4, sleeps.size());
        // Full jitter: each wait lies within [0, min(cap, base * 2^attempt)].
        for (int i = 0; i < sleeps.size(); i++) {
            assertTrue(sleeps.get(i) <= 100L << i, "wait " + i + " = " + sleeps.get(i));
        }
    }

    @Test
    void manyRetriesNeverDropTheBatch() throws Exception {
        for (int i = 0; i < 60; i++) {
            transport.script.add(fail(400, "ThrottlingException"));
        }
        sender.deliver(batch(2));
        assertEquals(2, acks.delivered.get());
        assertEquals(60, retries.size());
        assertTrue(sleeps.stream().allMatch(s -> s <= 30_000), "capped at maxBackoff");
    }

    @Test
    void badCredentialsAreRetriedSlowlyWithoutLosingAnything() throws Exception {
        transport.script.add(fail(400, "UnrecognizedClientException"));
        transport.script.add(fail(400, "AccessDeniedException"));
        sender.deliver(batch(2));
        assertEquals(2, acks.delivered.get());
        assertEquals(List.of(DeliveryListener.RetryReason.CREDENTIALS, DeliveryListener.RetryReason.CREDENTIALS), retries);
        assertTrue(sleeps.stream().allMatch(s -> s >= 15_000), "slow retry: " + sleeps);
    }

    @Test
    void anInvalidEventIsIsolatedByBisectionAndOnlyItIsDropped() throws Exception {
        transport.poison = "m5";
        sender.deliver(batch(11));
        assertEquals(10, acks.delivered.get());
        assertEquals(1, acks.rejected(RejectReason.INVALID));
        assertEquals(List.of(RejectReason.INVALID), rejectedReports);
        List<String> sent = transport.messages();
        assertEquals(10, sent.size());
        assertTrue(!sent.contains("m5"));
        assertEquals(0, acks.doubleReports.get());
    }

    @Test
    void partialAcceptanceRejectsExactlyTheNamedEventsAndDeliversTheRest() throws Exception {
        // 10 events: [0,2) too old (exclusive end), [0,3) expired, [8,10) too new (inclusive start).
        transport.script.add(new RecordingTransport.Answer(new PutOutcome.Accepted(8, 2, 3), null));
        sender.deliver(batch(10));
        assertEquals(5, acks.delivered.get());
        assertEquals(2, acks.rejected(RejectReason.TOO_OLD));
        assertEquals(1, acks.rejected(RejectReason.EXPIRED));
        assertEquals(2, acks.rejected(RejectReason.TOO_NEW));
        assertEquals(1, transport.attemptSizes.size(), "rejected events are never retried");
    }

    @Test
    void dataAlreadyAcceptedCountsAsDelivered() throws Exception {
        transport.script.add(fail(400, ErrorTypes.DATA_ALREADY_ACCEPTED));
        sender.deliver(batch(2));
        assertEquals(2, acks.delivered.get());
    }

    @Test
    void interruptionLeavesEventsUnacknowledged() {
        transport.script.add(fail(400, "ThrottlingException"));
        BatchSender interrupting = new BatchSender(transport, null, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                millis -> { throw new InterruptedException("shutdown"); }, listener);
        try {
            interrupting.deliver(batch(2));
        } catch (InterruptedException expected) {
            assertEquals(0, acks.total());
            return;
        }
        throw new AssertionError("expected interruption");
    }

    @Test
    void errorTypesAreNormalised() {
        assertEquals("ThrottlingException", ErrorTypes.normalise("com.amazonaws.logs#ThrottlingException"));
        assertEquals("ThrottlingException", ErrorTypes.normalise("ThrottlingException:http://internal.amazon.com/"));
        assertEquals("UnknownError", ErrorTypes.normalise(null));
    }

    @Test
    void undocumentedClientErrorsAreRetriedNotDropped() {
        // A 4xx CloudWatch does not document (e.g. a proxy's 429) is retried, never dropped.
        transport.script.add(fail(429, "TooManyRequests"));
        try {
            sender.deliver(batch(1));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of(DeliveryListener.RetryReason.THROTTLED), retries);
        assertEquals(1, acks.delivered.get());
    }
}
