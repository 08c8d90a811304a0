package dev.logshipper.cloudwatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (a random wait in [0, min(cap, base * 2^attempt)]), as AWS recommends for
 * throttling. There is deliberately no attempt limit: giving up would drop data; backpressure stops reading instead.
 */
final class Backoff {

    static final Duration DEFAULT_BASE = Duration.ofMillis(100);

    private final long baseMillis;
    private final long capMillis;

    Backoff(Duration base, Duration cap) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.capMillis = Math.max(baseMillis, cap.toMillis());
    }

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    long delayMillis(int attempt) {
        long ceiling = capMillis;
        if (attempt < 30) {
            ceiling = Math.min(capMillis, baseMillis << attempt);
        }
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    /** The wait for errors that fast retries cannot fix (bad credentials, missing group without auto-create). */
    long slowDelayMillis() {
        return capMillis / 2 + ThreadLocalRandom.current().nextLong(capMillis / 2 + 1);
    }
}
