package dev.logshipper.checkpoint;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.RejectReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckLedgerTest {

    @Test
    void watermarkFollowsTheContiguousDonePrefixNotTheHighestAck() {
        AckLedger ledger = new AckLedger(100);
        Acknowledgement a = ledger.track(100, 110);
        Acknowledgement b = ledger.track(110, 125);
        Acknowledgement c = ledger.track(125, 130);

        c.delivered();
        assertEquals(100, ledger.watermark(), "c is done but a and b are not");
        a.delivered();
        assertEquals(110, ledger.watermark());
        b.delivered();
        assertEquals(130, ledger.watermark());
    }

    @Test
    void rangesRegisteredOutOfOffsetOrderStillFormOnePrefix() {
        // stderr record [10,20) emitted while the stdout record [0,10) is still being joined.
        AckLedger ledger = new AckLedger(0);
        Acknowledgement stderr = ledger.track(10, 20);
        stderr.delivered();
        assertEquals(0, ledger.watermark(), "bytes [0,10) are not even registered yet");

        Acknowledgement stdout = ledger.track(0, 10);
        assertEquals(0, ledger.watermark());
        stdout.delivered();
        assertEquals(20, ledger.watermark());
    }

    @Test
    void unregisteredGapStopsTheWatermark() {
        AckLedger ledger = new AckLedger(0);
        ledger.track(0, 5).delivered();
        ledger.track(8, 12).delivered(); // [5,8) held back by the record stage
        assertEquals(5, ledger.watermark());
        ledger.skip(5, 8);
        assertEquals(12, ledger.watermark());
    }

    @Test
    void skipsCountAsDoneAndNeedNoEntryWhenNothingIsPending() {
        AckLedger ledger = new AckLedger(0);
        ledger.skip(0, 4);
        assertEquals(4, ledger.watermark());
        assertEquals(0, ledger.pendingRanges());

        Acknowledgement a = ledger.track(4, 9);
        ledger.skip(9, 10);
        assertEquals(4, ledger.watermark(), "the skip waits behind the pending record");
        a.delivered();
        assertEquals(10, ledger.watermark());
    }

    @Test
    void rejectedIsDoneAndReported() {
        List<RejectReason> reported = new CopyOnWriteArrayList<>();
        AckLedger ledger = new AckLedger(0, reported::add);
        Acknowledgement a = ledger.track(0, 10);
        Acknowledgement b = ledger.track(10, 20);
        a.rejected(RejectReason.TOO_OLD);
        b.delivered();
        assertEquals(20, ledger.watermark());
        assertEquals(List.of(RejectReason.TOO_OLD), reported);
    }

    @Test
    void aRecordBeingRetriedIsNeverSkipped() {
        AckLedger ledger = new AckLedger(0);
        ledger.track(0, 10); // in a batch that failed with a retryable error: no outcome yet
        for (int i = 1; i <= 1000; i++) {
            ledger.track(i * 10L, i * 10L + 10).delivered();
        }
        assertEquals(0, ledger.watermark());
        assertEquals(1001, ledger.pendingRanges());
    }

    @Test
    void watermarkNeverDecreases() {
        AckLedger ledger = new AckLedger(50);
        ledger.track(50, 60).delivered();
        assertEquals(60, ledger.watermark());
        ledger.track(40, 45); // a stray range below the watermark does not move it back
        assertEquals(60, ledger.watermark());
    }

    @Test
    void concurrentOutOfOrderAcknowledgementsEndAtTheLastOffset() throws Exception {
        AckLedger ledger = new AckLedger(0);
        int records = 200_000;
        List<Acknowledgement> acks = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            acks.add(ledger.track(i * 7L, i * 7L + 7));
        }
        Collections.shuffle(acks, new Random(42));
        int threads = 4;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int from = t * records / threads;
            int to = (t + 1) * records / threads;
            Thread.ofPlatform().start(() -> {
                for (int i = from; i < to; i++) {
                    acks.get(i).delivered();
                }
                done.countDown();
            });
        }
        long last = 0;
        while (done.getCount() > 0) {
            long w = ledger.watermark();
            if (w < last) {
                throw new AssertionError("watermark decreased from " + last + " to " + w);
            }
            last = w;
        }
        done.await();
        assertEquals(records * 7L, ledger.watermark());
        assertEquals(0, ledger.pendingRanges());
    }

    @Test
    void theLedgerHoldsTheRecordsInFlightNotEverythingSinceTheLastWatermarkRead() {
        AckLedger ledger = new AckLedger(0);
        java.util.ArrayDeque<Acknowledgement> inFlight = new java.util.ArrayDeque<>();
        for (long i = 0; i < 1_000_000; i++) {
            inFlight.add(ledger.track(i * 10, i * 10 + 10));
            if (inFlight.size() > 1_000) {
                inFlight.poll().delivered(); // acknowledged in order, 1,000 behind; nobody asks for the watermark
            }
        }
        assertTrue(ledger.held() <= 1_002, ledger.held() + " entries held for 1,000 records in flight");
        inFlight.forEach(Acknowledgement::delivered);
        assertEquals(10_000_000, ledger.watermark());
    }

    @Test
    void acknowledgementsFoldTheLedgerWhenNothingNewIsRegistered() {
        AckLedger ledger = new AckLedger(0);
        List<Acknowledgement> acks = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            acks.add(ledger.track(i * 10L, i * 10L + 10));
        }
        acks.forEach(Acknowledgement::delivered); // the reader is busy with other files: no track() in between
        assertTrue(ledger.held() < 64, ledger.held() + " acknowledged entries still held");
        assertEquals(50_000, ledger.watermark());
    }
}
