package dev.logshipper.multiline;

import java.util.Map;

/**
 * Joins the lines of ONE stream of one file into records, following a {@link LineClassifier} and the
 * size limits. It never drops content: a record that reaches a limit is emitted and the rest of the
 * lines start the next record. Blank lines only survive inside a record the rule continues; a blank
 * line that would begin a record is reported through {@link Output#lineDropped()} so its byte range can
 * be marked done. Time is not its concern: the caller decides when a record is stale and calls
 * {@link #flush}.
 */
public final class MultilineJoiner {

    /** Receives the joiner's results, synchronously, in line order. */
    public interface Output {
        /** The line just offered is now part of {@code record} (called before the record can complete). */
        void lineAdded(JoinedRecord record);

        /** The line just offered was blank and belongs to no record. */
        void lineDropped();

        /** {@code record} is complete; it is reused after this returns. */
        void recordComplete(JoinedRecord record, FlushReason reason);
    }

    private final LineClassifier classifier;
    private final int maxLines;
    private final int maxBytes;
    private final Output output;
    private final JoinedRecord record = new JoinedRecord();
    private boolean open;

    public MultilineJoiner(LineClassifier classifier, int maxLines, int maxBytes, Output output) {
        if (maxLines < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxLines and maxBytes must be positive: " + maxLines + ", " + maxBytes);
        }
        this.classifier = classifier;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.output = output;
    }

    /**
     * Offers one decoded line.
     *
     * @param view the message as characters, for the classifier (same content as the bytes)
     * @param blank the line has no content at all (empty message and no fields)
     */
    public void offer(CharSequence view, byte[] message, int offset, int length, boolean blank,
                      long timestampMillis, Map<String, Object> fields, long startOffset, long endOffset) {
        Decision decision = classifier.classify(view, open);
        if (blank && !(open && decision == Decision.CONTINUE)) {
            if (open && decision != Decision.CONTINUE) {
                complete(FlushReason.BOUNDARY);
            }
            output.lineDropped();
            return;
        }
        switch (decision) {
            case START, SINGLE -> {
                if (open) {
                    complete(FlushReason.BOUNDARY);
                }
            }
            case CONTINUE -> {
                if (open && record.length() + 1 + length > maxBytes) {
                    complete(FlushReason.MAX_BYTES);
                }
            }
        }
        if (!open) {
            record.open(timestampMillis, fields, startOffset);
            open = true;
        }
        record.append(message, offset, length, endOffset);
        output.lineAdded(record);
        if (decision == Decision.SINGLE) {
            complete(FlushReason.BOUNDARY);
        } else if (record.lines() >= maxLines) {
            complete(FlushReason.MAX_LINES);
        } else if (record.length() >= maxBytes) {
            complete(FlushReason.MAX_BYTES);
        }
    }

    public boolean hasOpenRecord() {
        return open;
    }

    /** Emits the open record, if any, for {@code reason}; returns whether there was one. */
    public boolean flush(FlushReason reason) {
        if (!open) {
            return false;
        }
        complete(reason);
        return true;
    }

    private void complete(FlushReason reason) {
        open = false;
        output.recordComplete(record, reason);
    }
}
