package dev.logshipper.cloudwatch;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.RejectReason;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts outcomes; fails the test if any single ack is reported twice. */
final class CountingAck {

    final AtomicInteger delivered = new AtomicInteger();
    final Map<RejectReason, AtomicInteger> rejected = new ConcurrentHashMap<>();
    final AtomicInteger doubleReports = new AtomicInteger();

    Acknowledgement next() {
        AtomicInteger reports = new AtomicInteger();
        return new Acknowledgement() {
            @Override
            public void delivered() {
                if (reports.incrementAndGet() > 1) {
                    doubleReports.incrementAndGet();
                }
                delivered.incrementAndGet();
            }

            @Override
            public void rejected(RejectReason reason) {
                if (reports.incrementAndGet() > 1) {
                    doubleReports.incrementAndGet();
                }
                rejected.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
            }
        };
    }

    int rejected(RejectReason reason) {
        AtomicInteger n = rejected.get(reason);
        return n == null ? 0 : n.get();
    }

    int total() {
        return delivered.get() + rejected.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
