package dev.logshipper.record;

import java.util.Objects;

/**
 * One record ready for delivery: the final message as UTF-8 bytes, its timestamp, where it goes, and
 * whom to tell about the outcome.
 *
 * <p>The message must be valid UTF-8 (producers replace invalid sequences with U+FFFD). It may be
 * longer than CloudWatch's event limit: the delivery stage splits it at character boundaries and
 * acknowledges the record once every part is done. The array is owned by the event after construction.
 */
public record LogEvent(long timestampMillis, byte[] message, Destination destination, Acknowledgement ack) {
    public LogEvent {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(ack, "ack");
    }
}
