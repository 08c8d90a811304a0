package dev.logshipper.cloudwatch;

/** What one PutLogEvents call answered (transport failures are thrown as {@link java.io.IOException} instead). */
sealed interface PutOutcome {

    /** No index: the matching field of {@code rejectedLogEventsInfo} was absent. */
    int NONE = -1;

    /**
     * HTTP 200. Events {@code [tooNewStart, n)} were too new (inclusive start index), events {@code [0, tooOldEnd)} too old
     * and {@code [0, expiredEnd)} older than the retention (exclusive end indices), each {@link #NONE} when absent.
     */
    record Accepted(int tooNewStart, int tooOldEnd, int expiredEnd) implements PutOutcome {
        static final Accepted ALL = new Accepted(NONE, NONE, NONE);

        boolean allAccepted() {
            return tooNewStart == NONE && tooOldEnd == NONE && expiredEnd == NONE;
        }
    }

    /** An error answer: the AWS error type without namespace (e.g. {@code ThrottlingException}) and its message. */
    record Failed(int httpStatus, String errorType, String message) implements PutOutcome {
        @Override
        public String toString() {
            return errorType + " (HTTP " + httpStatus + "): " + message;
        }
    }
}
