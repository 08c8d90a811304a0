package dev.logshipper.cloudwatch;

import dev.logshipper.config.ShipperConfig.OutOfWindowPolicy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/** Builds a {@link CloudWatchSink} over a {@link RecordingTransport}, with a fixed clock and no real waiting. */
final class SinkFixture {

    static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();

    static CloudWatchSink sink(RecordingTransport transport, Duration flushInterval, int maxInFlight,
                               OutOfWindowPolicy policy) {
        BatchSender sender = new BatchSender(transport, null, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)),
                millis -> { }, DeliveryListener.NONE);
        return new CloudWatchSink(sender, new TimeWindow(policy, Optional.empty()),
                InstantSource.fixed(Instant.ofEpochMilli(NOW)), flushInterval, maxInFlight, 64L * 1024 * 1024,
                DeliveryListener.NONE, () -> { });
    }

    static CloudWatchSink sink(RecordingTransport transport) {
        return sink(transport, Duration.ofHours(1), 1, OutOfWindowPolicy.DROP);
    }

    private SinkFixture() {
    }
}
