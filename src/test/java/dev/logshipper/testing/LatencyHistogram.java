package dev.logshipper.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Write-to-ack latency of stamped events, in 1 ms buckets up to one minute (longer ones land in the last bucket).
 *
 * <p>The benchmark's writer starts each line with {@code @<16-digit epoch microseconds> }: the wall-clock time it
 * wrote the line. The fake compares it with its own wall clock when it accepts the batch holding the line. Both
 * processes run on the same machine and read the same {@code CLOCK_REALTIME}, so no clock offset enters; the
 * acceptance is the acknowledgement (the answer leaves right after). Thread-safe.
 */
final class LatencyHistogram {

    /** First byte of a stamped message; 16 decimal digits of epoch microseconds follow. */
    static final byte STAMP_MARKER = '@';
    private static final int DIGITS = 16;
    private static final int BUCKETS = 60_001;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();

    /** Records the message starting at {@code b[from]} when it carries a stamp. */
    void recordIfStamped(byte[] b, int from, int end, long nowMicros) {
        if (from + DIGITS + 1 > end || b[from] != STAMP_MARKER) {
            return;
        }
        long stamp = 0;
        for (int i = from + 1; i <= from + DIGITS; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return;
            }
            stamp = stamp * 10 + d;
        }
        long millis = Math.max(0, (nowMicros - stamp) / 1000);
        counts.incrementAndGet((int) Math.min(BUCKETS - 1, millis));
        total.incrementAndGet();
    }

    long count() {
        return total.get();
    }

    /** The smallest latency in ms at or below which {@code quantile} of the samples fall; -1 without samples. */
    long percentileMillis(double quantile) {
        long n = count();
        if (n == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(quantile * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, rank)) {
                return i;
            }
        }
        return BUCKETS - 1;
    }

    void reset() {
        total.set(0);
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }
}
