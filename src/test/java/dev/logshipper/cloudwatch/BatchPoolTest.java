package dev.logshipper.cloudwatch;

import dev.logshipper.record.Acknowledgement;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchPoolTest {

    private static Batch.Storage storage() {
        return new Batch.Storage(new long[1], new byte[1], new int[1], new int[1], new Acknowledgement[1]);
    }

    @Test
    void theLastReturnedIsTakenFirst() {
        BatchPool pool = new BatchPool(4);
        Batch.Storage first = storage();
        Batch.Storage second = storage();
        assertTrue(pool.give(first, 0), "the pool was empty");
        assertFalse(pool.give(second, 1));
        assertSame(second, pool.take());
        assertSame(first, pool.take());
        assertNull(pool.take());
    }

    @Test
    void aFullPoolDropsWhatItIsGiven() {
        BatchPool pool = new BatchPool(2);
        pool.give(storage(), 0);
        pool.give(storage(), 0);
        pool.give(storage(), 0);
        assertEquals(2, pool.size());
    }

    @Test
    void whatNobodyTookForTheIdleTimeIsDropped() {
        BatchPool pool = new BatchPool(4);
        assertEquals(Long.MAX_VALUE, pool.trim(0), "nothing to trim: no deadline");
        pool.give(storage(), 0);
        pool.give(storage(), 10);
        Batch.Storage recent = storage();
        pool.give(recent, BatchPool.IDLE_NANOS);

        assertEquals(10, pool.trim(BatchPool.IDLE_NANOS), "the oldest is due now and dropped; the next in 10 ns");
        assertEquals(2, pool.size());
        assertEquals(BatchPool.IDLE_NANOS - 10, pool.trim(BatchPool.IDLE_NANOS + 10));
        assertEquals(1, pool.size());
        assertSame(recent, pool.take(), "a steady stream's batch, taken and given back, is never dropped");
        assertEquals(Long.MAX_VALUE, pool.trim(10 * BatchPool.IDLE_NANOS));
    }
}
