package dev.logshipper.filter;

import dev.logshipper.config.ShipperConfig.ThrottleConfig;

import java.util.function.LongSupplier;

/**
 * The rate limit of one {@code throttle} entry of one input, shared by all the input's files: a record passes when both
 * of its buckets (records per second, message bytes per second; either may be absent) have room, and then takes from
 * both. The only state the filter stage shares between files, so it has its own lock.
 */
final class Throttle {

    private final TokenBucket records;
    private final TokenBucket bytes;
    private final LongSupplier nanoClock;

    Throttle(ThrottleConfig config, LongSupplier nanoClock) {
        long now = nanoClock.getAsLong();
        this.records = config.records().map(n -> new TokenBucket(n, now)).orElse(null);
        this.bytes = config.bytes().map(n -> new TokenBucket(n, now)).orElse(null);
        this.nanoClock = nanoClock;
    }

    synchronized boolean allow(int messageBytes) {
        long now = nanoClock.getAsLong();
        if ((records != null && !records.canTake(1, now)) || (bytes != null && !bytes.canTake(messageBytes, now))) {
            return false;
        }
        if (records != null) {
            records.take(1);
        }
        if (bytes != null) {
            bytes.take(messageBytes);
        }
        return true;
    }
}
