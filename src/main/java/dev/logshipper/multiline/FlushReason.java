package dev.logshipper.multiline;

/** Why the {@link MultilineJoiner} completed a record. */
public enum FlushReason {
    /** A following line began a new record (or the rule says a line stands alone). */
    BOUNDARY,
    /** The record reached {@code maxLines}. */
    MAX_LINES,
    /** The record reached {@code maxBytes}, or the next line would have pushed it over. */
    MAX_BYTES,
    /** No line arrived for the stream within the flush timeout. */
    TIMEOUT,
    /** Shutdown, end of a rotated file, truncation. */
    FLUSH
}
