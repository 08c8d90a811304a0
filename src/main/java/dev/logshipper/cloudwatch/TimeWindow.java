package dev.logshipper.cloudwatch;

import dev.logshipper.config.ShipperConfig.OutOfWindowPolicy;
import dev.logshipper.record.RejectReason;

import java.util.Optional;

/**
 * CloudWatch rejects events more than 14 days old, older than the group's retention, or more than 2 hours ahead. This
 * judges an event before it is batched, with a safety margin: under {@code clamp} (the default) its timestamp becomes the
 * time it was read, so the line is kept; under {@code drop} it is rejected, counted and logged.
 */
final class TimeWindow {

    private final OutOfWindowPolicy policy;
    private final long maxAgeMillis;

    TimeWindow(OutOfWindowPolicy policy, Optional<Integer> retentionDays) {
        this.policy = policy;
        long age = CloudWatchLimits.MAX_EVENT_AGE_MILLIS;
        if (retentionDays.isPresent()) {
            age = Math.min(age, retentionDays.get() * 86_400_000L);
        }
        this.maxAgeMillis = age - CloudWatchLimits.WINDOW_MARGIN_MILLIS;
    }

    /** Why {@code timestamp} is outside the window at {@code now}, or null when it is inside. */
    RejectReason judge(long timestamp, long now) {
        if (timestamp > now + CloudWatchLimits.MAX_EVENT_FUTURE_MILLIS - CloudWatchLimits.WINDOW_MARGIN_MILLIS) {
            return RejectReason.TOO_NEW;
        }
        if (timestamp < now - maxAgeMillis) {
            return maxAgeMillis < CloudWatchLimits.MAX_EVENT_AGE_MILLIS - CloudWatchLimits.WINDOW_MARGIN_MILLIS
                    ? RejectReason.EXPIRED : RejectReason.TOO_OLD;
        }
        return null;
    }

    boolean clamps() {
        return policy == OutOfWindowPolicy.CLAMP;
    }
}
