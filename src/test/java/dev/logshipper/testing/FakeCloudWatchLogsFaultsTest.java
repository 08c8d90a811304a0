package dev.logshipper.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.AccessDeniedException;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OperationAbortedException;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ServiceUnavailableException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ThrottlingException;
import software.amazon.awssdk.services.cloudwatchlogs.model.UnrecognizedClientException;

/** Each injected fault surfaces in the real SDK client (retries off) as the exception AWS would cause. */
class FakeCloudWatchLogsFaultsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String GROUP = "g";
    private static final String STREAM = "s";

    private FakeCloudWatchLogs fake;
    private CloudWatchLogsClient client;

    @BeforeEach
    void start() {
        fake = FakeCloudWatchLogs.builder().clock(() -> NOW).start();
        client = TestSdkClients.forFake(fake);
        fake.createStream(GROUP, STREAM);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void throttlesTheNextCallsOfOneOperationOnly() {
        fake.faults().throttleNext(2, LogsOperation.PutLogEvents);

        client.createLogStream(b -> b.logGroupName(GROUP).logStreamName("unaffected"));
        for (int i = 0; i < 2; i++) {
            ThrottlingException e = assertThrows(ThrottlingException.class, () -> put("x"));
            assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
            assertEquals(400, e.statusCode());
        }
        put("through");

        assertEquals(List.of("through"), fake.allMessages());
        assertEquals(3, fake.requestCount(LogsOperation.PutLogEvents));
        assertEquals(0, fake.faults().pending());
    }

    @Test
    void consumesExactlyNFaultsUnderConcurrency() throws Exception {
        fake.faults().throttleNext(5);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 20; i++) {
                String message = "m" + i;
                results.add(pool.submit(() -> {
                    try {
                        put(message);
                        return true;
                    } catch (ThrottlingException e) {
                        return false;
                    }
                }));
            }
        }
        long throttled = 0;
        for (Future<Boolean> result : results) {
            throttled += result.get() ? 0 : 1;
        }
        assertEquals(5, throttled);
        assertEquals(15, fake.allMessages().size());
    }

    @Test
    void answersServiceUnavailableWithTheChosenStatus() {
        fake.faults().serviceUnavailableNext(1, 500).serviceUnavailableNext(1, 503);

        ServiceUnavailableException first = assertThrows(ServiceUnavailableException.class, () -> put("a"));
        ServiceUnavailableException second = assertThrows(ServiceUnavailableException.class, () -> put("b"));

        assertEquals(500, first.statusCode());
        assertEquals(503, second.statusCode());
        assertTrue(fake.allMessages().isEmpty());
    }

    @Test
    void failsTheNextCallsOfAnOperationWithAnyAwsError() {
        fake.faults().failNext(1, "OperationAbortedException", 400, "Multiple concurrent requests",
                LogsOperation.CreateLogStream);
        fake.faults().failNext(1, "SomeFutureException", 400, "not modelled", LogsOperation.PutLogEvents);

        assertThrows(OperationAbortedException.class,
                () -> client.createLogStream(b -> b.logGroupName(GROUP).logStreamName("s2")));
        CloudWatchLogsException generic = assertThrows(CloudWatchLogsException.class, () -> put("x"));
        assertEquals("SomeFutureException", generic.awsErrorDetails().errorCode());

        client.createLogStream(b -> b.logGroupName(GROUP).logStreamName("s2"));
    }

    @Test
    void cutBeforeProcessingLosesTheRequest() {
        fake.faults().cutConnectionNext(1, FakeFaults.CutPoint.BEFORE_PROCESSING, LogsOperation.PutLogEvents);

        SdkClientException e = assertThrows(SdkClientException.class, () -> put("lost"));

        assertTrue(hasCause(e, IOException.class), () -> "expected an IOException cause: " + e);
        assertTrue(fake.allMessages().isEmpty());
        assertEquals(1, fake.requestCount(LogsOperation.PutLogEvents), "the client must not silently resend");
    }

    @Test
    void cutAfterProcessingStoresTheEventsButLosesTheAnswer() {
        fake.faults().cutConnectionNext(1, FakeFaults.CutPoint.AFTER_PROCESSING, LogsOperation.PutLogEvents);

        SdkClientException e = assertThrows(SdkClientException.class, () -> put("stored but unacknowledged"));

        assertTrue(hasCause(e, IOException.class), () -> "expected an IOException cause: " + e);
        assertEquals(List.of("stored but unacknowledged"), fake.allMessages());
        put("next");
        assertEquals(List.of("stored but unacknowledged", "next"), fake.allMessages());
    }

    @Test
    void cutsOperationsWithoutResponseBodyBeforeTheStatusLine() {
        fake.faults().cutConnectionNext(1, FakeFaults.CutPoint.AFTER_PROCESSING, LogsOperation.CreateLogGroup);

        assertThrows(SdkClientException.class, () -> client.createLogGroup(b -> b.logGroupName("created")));

        assertTrue(fake.store().groupExists("created"));

        fake.faults().cutConnectionNext(1, FakeFaults.CutPoint.BEFORE_PROCESSING, LogsOperation.CreateLogStream);
        assertThrows(SdkClientException.class,
                () -> client.createLogStream(b -> b.logGroupName(GROUP).logStreamName("never created")));
        assertFalse(fake.store().streamNames(GROUP).contains("never created"));
    }

    @Test
    void rejectsCredentialsUntilCleared() {
        fake.faults().rejectCredentials("UnrecognizedClientException", LogsOperation.PutLogEvents);
        assertThrows(UnrecognizedClientException.class, () -> put("a"));
        assertThrows(UnrecognizedClientException.class, () -> put("b"));
        client.createLogStream(b -> b.logGroupName(GROUP).logStreamName("other-op-unaffected"));

        fake.faults().clearCredentialRejection().rejectCredentials("AccessDeniedException");
        assertThrows(AccessDeniedException.class, () -> put("c"));
        assertThrows(AccessDeniedException.class, () -> client.createLogStream(b -> b.logGroupName(GROUP).logStreamName("x")));

        fake.faults().clearCredentialRejection();
        put("d");
        assertEquals(List.of("d"), fake.allMessages());
    }

    @Test
    void latencyDelaysCallsPastAClientAttemptTimeout() {
        fake.faults().addLatency(Duration.ofSeconds(3), LogsOperation.PutLogEvents);

        try (CloudWatchLogsClient impatient = TestSdkClients.builder(fake.endpoint(), "k", "s")
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofMillis(200)))
                .build()) {
            assertThrows(ApiCallAttemptTimeoutException.class, () -> impatient.putLogEvents(
                    b -> b.logGroupName(GROUP).logStreamName(STREAM).logEvents(event("slow"))));
            // other operations are not delayed
            impatient.createLogStream(b -> b.logGroupName(GROUP).logStreamName("fast"));
        }
    }

    @Test
    void latenciesAddUpPerOperation() {
        fake.faults().addLatency(Duration.ofMillis(10)).addLatency(Duration.ofMillis(5), LogsOperation.GetLogEvents);

        assertEquals(Duration.ofMillis(15), fake.faults().latency(LogsOperation.GetLogEvents));
        assertEquals(Duration.ofMillis(10), fake.faults().latency(LogsOperation.PutLogEvents));
        fake.faults().clear();
        assertEquals(Duration.ZERO, fake.faults().latency(LogsOperation.GetLogEvents));
    }

    @Test
    void resetForgetsStateCountsAndFaults() {
        put("a");
        fake.faults().throttleNext(3);

        fake.reset();

        assertEquals(0, fake.requestCount());
        assertTrue(fake.allMessages().isEmpty());
        assertEquals(0, fake.faults().pending());
        assertTrue(fake.store().groupNames().isEmpty());
    }

    private PutLogEventsResponse put(String message) {
        return client.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).logEvents(event(message)));
    }

    private static InputLogEvent event(String message) {
        return InputLogEvent.builder().timestamp(NOW.toEpochMilli()).message(message).build();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
