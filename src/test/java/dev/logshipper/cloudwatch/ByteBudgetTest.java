package dev.logshipper.cloudwatch;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bound on buffered bytes: a producer past it waits for a release, never longer; drains see the stage empty. */
class ByteBudgetTest {

    @Test
    void aProducerPastTheBoundWaitsForAReleaseAndThenGoesOn() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        budget.acquire(60);
        budget.acquire(40);
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                budget.acquire(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(10, TimeUnit.SECONDS).until(budget::producerWaiting);
        assertFalse(blocked.isDone());
        budget.release(60);
        blocked.get(10, TimeUnit.SECONDS);
        assertEquals(50, budget.used());
        assertFalse(budget.producerWaiting());
    }

    @Test
    void aRequestLargerThanTheBoundPassesWhenNothingIsHeld() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        budget.acquire(1_000);
        assertEquals(1_000, budget.used());
    }

    @Test
    void awaitEmptyReturnsOnceEverythingIsReleased() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        budget.acquire(30);
        assertFalse(budget.awaitEmpty(TimeUnit.MILLISECONDS.toNanos(1)));
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.awaitEmpty(TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        budget.release(30);
        assertTrue(drained.get(30, TimeUnit.SECONDS));
    }
}
