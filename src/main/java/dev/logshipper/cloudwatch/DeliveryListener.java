package dev.logshipper.cloudwatch;

import dev.logshipper.record.Destination;
import dev.logshipper.record.RejectReason;

/**
 * What the delivery stage reports for metrics. Every method has a no-op default so the stage runs without metrics;
 * implementations are called from sender threads and must be cheap and thread-safe.
 */
public interface DeliveryListener {

    /** A PutLogEvents call answered HTTP 200 for {@code events} events of {@code messageBytes} bytes. */
    default void batchSent(Destination destination, int events, long messageBytes, long latencyNanos) {
    }

    /** A PutLogEvents call failed and will be retried; {@code reason} is one of {@link RetryReason}. */
    default void retried(RetryReason reason, long latencyNanos) {
    }

    /** Events were permanently not delivered. */
    default void rejected(RejectReason reason, int events) {
    }

    /** A message larger than one event was split into {@code parts} events. */
    default void split(int parts) {
    }

    /** An event's timestamp was outside CloudWatch's window and was moved to now (the {@code clamp} policy). */
    default void clamped(RejectReason wouldHaveBeen) {
    }

    /** A group or stream was created. */
    default void created(String kind) {
    }

    DeliveryListener NONE = new DeliveryListener() {
    };

    /** Why a call is retried; names are metric labels. */
    enum RetryReason {
        THROTTLED("throttled"), SERVER_ERROR("server_error"), IO_ERROR("io_error"), CREDENTIALS("credentials"),
        NOT_FOUND("not_found"), OTHER("other");

        private final String label;

        RetryReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
