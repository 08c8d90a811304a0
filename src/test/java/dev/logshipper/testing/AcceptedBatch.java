package dev.logshipper.testing;

import java.util.List;

/**
 * One PutLogEvents call the fake answered with HTTP 200, in arrival order: the events it stored and
 * the {@code rejectedLogEventsInfo} it returned (all-null when every event was accepted).
 */
public record AcceptedBatch(String requestId, String logGroupName, String logStreamName, List<StoredEvent> accepted,
        Rejected rejected) {

    public AcceptedBatch {
        accepted = List.copyOf(accepted);
    }

    /**
     * The partial-acceptance indices exactly as sent on the wire; null means the field was absent.
     *
     * @param tooNewLogEventStartIndex inclusive: events {@code [i, n)} were more than 2 h in the future
     * @param tooOldLogEventEndIndex exclusive: events {@code [0, i)} were more than 14 days old
     * @param expiredLogEventEndIndex exclusive: events {@code [0, i)} were older than the group's retention
     */
    public record Rejected(Integer tooNewLogEventStartIndex, Integer tooOldLogEventEndIndex,
            Integer expiredLogEventEndIndex) {
        public static final Rejected NONE = new Rejected(null, null, null);

        public boolean any() {
            return tooNewLogEventStartIndex != null || tooOldLogEventEndIndex != null || expiredLogEventEndIndex != null;
        }
    }
}
