package dev.logshipper.ops;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liveness and readiness decisions, on an injected clock (the threads are real, their progress is simulated). */
class HealthTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final Health health = new Health(clock::get, Duration.ofSeconds(60), Duration.ofSeconds(10));
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread running = Thread.ofPlatform().daemon().start(() -> {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    });

    @AfterEach
    void stopThread() {
        release.countDown();
    }

    private void advanceSeconds(long seconds) {
        clock.addAndGet(seconds * SECOND);
    }

    @Test
    void anIdleThreadIsLiveHoweverLongItWaits() {
        health.register(new Health.Heartbeat("cloudwatch-sender-0", running, () -> 0));
        advanceSeconds(3_600);
        assertNull(health.livenessProblem());
    }

    @Test
    void aStepLongerThanTheStallBoundIsStuck() {
        AtomicLong busySince = new AtomicLong();
        health.register(new Health.Heartbeat("checkpoint writer", running, busySince::get));
        busySince.set(clock.get());
        advanceSeconds(60);
        assertNull(health.livenessProblem(), "at the bound");
        advanceSeconds(1);
        String problem = health.livenessProblem();
        assertNotNull(problem);
        assertTrue(problem.startsWith("checkpoint writer is stuck: one step has taken 61 s (WAITING"), problem);
    }

    @Test
    void aThreadThatKeepsStartingNewStepsIsLive() {
        AtomicLong busySince = new AtomicLong();
        health.register(new Health.Heartbeat("cloudwatch-sender-0", running, busySince::get));
        for (int retry = 0; retry < 100; retry++) { // an endpoint that is down: a call, a backoff sleep, a call...
            busySince.set(clock.get());
            advanceSeconds(30);
            assertNull(health.livenessProblem());
        }
    }

    @Test
    void aReaderBlockedByBackpressureIsNotStuckButADeadlockedOneIs() {
        AtomicLong busySince = new AtomicLong(clock.get());
        AtomicBoolean waitingForBuffer = new AtomicBoolean(true);
        health.register(new Health.Heartbeat("tailer reader", running, busySince::get, waitingForBuffer::get));
        advanceSeconds(600);
        assertNull(health.livenessProblem(), "waiting for the senders to free the buffer");

        waitingForBuffer.set(false); // blocked somewhere else for as long
        assertTrue(health.livenessProblem().startsWith("tailer reader is stuck: one step has taken 600 s"));
    }

    @Test
    void aDeadThreadIsNotLive() throws InterruptedException {
        Thread dead = Thread.ofPlatform().start(() -> { });
        dead.join();
        health.register(new Health.Heartbeat("tailer reader", running, () -> 0));
        health.register(new Health.Heartbeat("cloudwatch-flusher", dead, () -> 0));
        assertEquals("cloudwatch-flusher thread is not running", health.livenessProblem());
    }

    @Test
    void duringShutdownThreadsMayEnd() throws InterruptedException {
        Thread dead = Thread.ofPlatform().start(() -> { });
        dead.join();
        health.register(new Health.Heartbeat("tailer reader", dead, () -> 0));
        health.started();
        health.stopping();
        assertNull(health.livenessProblem());
        assertEquals("stopping", health.readinessProblem());
    }

    @Test
    void readyOnceStartedAndWhileDeliveriesSucceed() {
        assertEquals("starting", health.readinessProblem());
        health.started();
        assertNull(health.readinessProblem());
        health.deliverySucceeded();
        assertNull(health.readinessProblem());
    }

    @Test
    void failuresShorterThanTheGraceKeepItReady() {
        health.started();
        health.deliveryFailed("throttled");
        advanceSeconds(10);
        assertNull(health.readinessProblem());
        health.deliveryFailed("throttled"); // still the same failing period
        advanceSeconds(1);
        assertEquals("deliveries failing for 11 s (delivery: throttled)", health.readinessProblem());
        assertEquals("delivery: throttled", health.lastError());
    }

    @Test
    void aSuccessEndsTheFailingPeriod() {
        health.started();
        health.deliveryFailed("server_error");
        advanceSeconds(30);
        assertNotNull(health.readinessProblem());
        health.deliverySucceeded();
        assertNull(health.readinessProblem());
        health.deliveryFailed("server_error");
        advanceSeconds(5);
        assertNull(health.readinessProblem(), "a new failing period starts from its own first failure");
        assertEquals("delivery: server_error", health.lastError(), "the last error is kept for the bodies");
    }

    @Test
    void notedErrorsDoNotAffectReadiness() {
        health.started();
        health.noteError("checkpoint: disk full");
        advanceSeconds(600);
        assertNull(health.readinessProblem());
        assertEquals("checkpoint: disk full", health.lastError());
    }
}
