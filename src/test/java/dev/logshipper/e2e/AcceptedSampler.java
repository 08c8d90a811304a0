package dev.logshipper.e2e;

import dev.logshipper.testing.FakeCloudWatchLogs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The endpoint's accepted-event count every few milliseconds, to tell what was acknowledged shortly before a kill: the
 * part of the duplicate bound that a checkpoint interval explains.
 */
final class AcceptedSampler {
    private final FakeCloudWatchLogs fake;
    private final List<long[]> samples = new ArrayList<>(); // {nanoTime, accepted}, guarded by itself
    private Thread thread;

    AcceptedSampler(FakeCloudWatchLogs fake) {
        this.fake = fake;
    }

    void start(BooleanSupplier keepGoing) {
        thread = Thread.ofPlatform().name("accepted-sampler").start(() -> {
            while (keepGoing.getAsBoolean()) {
                long[] sample = {System.nanoTime(), fake.store().acceptedEventCount()};
                synchronized (samples) {
                    samples.add(sample);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        });
    }

    void join() throws InterruptedException {
        if (thread != null) {
            thread.join();
        }
    }

    /** The accepted count of the last sample taken at or before {@code nanoTime}. */
    long acceptedAt(long nanoTime) {
        long accepted = 0;
        synchronized (samples) {
            for (long[] sample : samples) {
                if (sample[0] - nanoTime <= 0) {
                    accepted = sample[1];
                }
            }
        }
        return accepted;
    }
}
