package dev.logshipper.record;

/** Why an event was permanently not delivered. Each value is a metric label, so names are stable. */
public enum RejectReason {
    /** More than 14 days old (CloudWatch {@code tooOldLogEventEndIndex}). */
    TOO_OLD("too_old"),
    /** More than 2 hours in the future ({@code tooNewLogEventStartIndex}). */
    TOO_NEW("too_new"),
    /** Older than the log group's retention ({@code expiredLogEventEndIndex}). */
    EXPIRED("expired"),
    /** Still too large after splitting: the endpoint refused a single event for its size. */
    TOO_LARGE("too_large"),
    /** CloudWatch answered {@code InvalidParameterException} for this event alone. */
    INVALID("invalid"),
    /** The message was empty; CloudWatch does not accept empty messages. */
    EMPTY("empty");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    /** The lower-case name used in metrics and logs. */
    public String label() {
        return label;
    }
}
